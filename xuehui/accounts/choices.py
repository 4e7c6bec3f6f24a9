from django.db import models


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    FEDERATION_ADMIN = "federation_admin", "科协管理员"
    FEDERATION_VIEWER = "federation_viewer", "科协领导"
    SOCIETY_EDITOR = "society_editor", "学会填报员"
    EXPERT = "expert", "评审专家"


FEDERATION_ROLES = frozenset({Role.FEDERATION_ADMIN, Role.FEDERATION_VIEWER})


class AccountAction(models.TextChoices):
    """What the log records about sign-ins, accounts and their roles (`AuditEntry.action`)."""

    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出登录"
    USER_CREATE = "user_create", "新建账号"
    USER_UPDATE = "user_update", "修改账号信息"
    ROLE_GRANT = "role_grant", "授予角色"
    ROLE_REVOKE = "role_revoke", "撤销角色"
    USER_DEACTIVATE = "user_deactivate", "停用账号"
    USER_REACTIVATE = "user_reactivate", "启用账号"
    USER_UNLOCK = "user_unlock", "解除登录锁定"
    USER_ANONYMISE = "user_anonymise", "账号个人信息匿名化"
    PASSWORD_RESET = "password_reset", "重置密码"
    PASSWORD_CHANGE = "password_change", "修改密码"
    USERS_IMPORT = "users_import", "批量导入账号"
    PASSWORD_FILE_DOWNLOAD = "password_file_download", "下载初始密码文件"
    OTP_ENROL = "otp_enrol", "启用二次验证"
    OTP_VERIFY = "otp_verify", "二次验证通过"
    OTP_VERIFY_FAILED = "otp_verify_failed", "二次验证失败"
    OTP_RESET = "otp_reset", "重置二次验证"


SIGN_IN_ACTIONS = frozenset(
    {
        AccountAction.LOGIN,
        AccountAction.LOGIN_FAILED,
        AccountAction.LOGOUT,
        AccountAction.OTP_VERIFY,
        AccountAction.OTP_VERIFY_FAILED,
    }
)
