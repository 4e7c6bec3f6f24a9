"""The vocabulary the demo composes people from: surnames, given-name characters, the
employers and titles of Hubei by discipline category, and the government bodies officials
come from. Names are composed at random, never taken from real people."""

from xuehui.societies.choices import DisciplineCategory

# Common surnames, roughly in order of frequency: earlier ones are drawn more often.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江"
    "尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
MALE_GIVEN = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林峰建国志文海东永光卫庆兵松晨翔博毅锋睿哲诚胜开元"
FEMALE_GIVEN = "芳娜敏静丽艳娟霞秀玲燕萍红梅莉婷雪琳洁颖慧倩佳蕾薇晶丹琴莹岚璐怡欣悦露蓉菲"
NEUTRAL_GIVEN = "晓小宏立新亚春彦子思嘉安振德学少云天雨中金"

# 身份证 region codes (行政区划代码): mostly Hubei, a few neighbouring provinces.
HUBEI_REGIONS = (
    "420102",  # 武汉市江岸区
    "420103",  # 武汉市江汉区
    "420104",  # 武汉市硚口区
    "420105",  # 武汉市汉阳区
    "420106",  # 武汉市武昌区
    "420111",  # 武汉市洪山区
    "420115",  # 武汉市江夏区
    "420300",  # 十堰市
    "420500",  # 宜昌市
    "420502",  # 宜昌市西陵区
    "420600",  # 襄阳市
    "420800",  # 荆门市
    "421000",  # 荆州市
    "421100",  # 黄冈市
)
OTHER_REGIONS = ("430102", "410105", "360102", "500103")

EDUCATIONS_SENIOR = ("博士研究生", "博士研究生", "硕士研究生", "大学本科", "大学本科")
EDUCATIONS_YOUNG = ("博士研究生", "博士研究生", "博士研究生", "硕士研究生")
EDUCATIONS_STAFF = ("硕士研究生", "大学本科", "大学本科")

UNIVERSITIES = (
    "武汉大学",
    "华中科技大学",
    "武汉理工大学",
    "华中师范大学",
    "中国地质大学（武汉）",
    "湖北大学",
    "湖北工业大学",
    "武汉科技大学",
    "三峡大学",
    "长江大学",
)

# Frontline employers and titles per category (a hospital doctor, a university professor…).
EMPLOYERS = {
    DisciplineCategory.SCIENCE: UNIVERSITIES
    + (
        "中国科学院精密测量科学与技术创新研究院",
        "中国科学院武汉植物园",
        "湖北省地质调查院",
        "武汉区域气候中心",
    ),
    DisciplineCategory.ENGINEERING: UNIVERSITIES[:8]
    + (
        "长江勘测规划设计研究有限责任公司",
        "中建三局集团有限公司",
        "中铁大桥勘测设计院集团有限公司",
        "东风汽车集团有限公司技术中心",
        "中国船舶集团第七一九研究所",
        "湖北省交通规划设计院股份有限公司",
        "中南建筑设计院股份有限公司",
        "长江水利委员会长江科学院",
    ),
    DisciplineCategory.AGRICULTURE: (
        "华中农业大学",
        "长江大学",
        "湖北省农业科学院",
        "湖北省林业科学研究院",
        "中国科学院水生生物研究所",
        "湖北省农业技术推广总站",
        "湖北省水产科学研究所",
        "湖北省畜牧兽医研究所",
        "宜昌市农业科学研究院",
    ),
    DisciplineCategory.MEDICINE: (
        "华中科技大学同济医学院附属同济医院",
        "华中科技大学同济医学院附属协和医院",
        "武汉大学人民医院",
        "武汉大学中南医院",
        "湖北省肿瘤医院",
        "湖北省中医院",
        "湖北省疾病预防控制中心",
        "宜昌市中心人民医院",
        "武汉市第一医院",
        "湖北中医药大学",
    ),
    DisciplineCategory.INTERDISCIPLINARY: UNIVERSITIES
    + (
        "湖北省科学技术信息研究院",
        "湖北科学技术出版社",
        "长江出版传媒股份有限公司",
        "湖北省环境科学研究院",
        "武汉市规划研究院",
    ),
}

FRONTLINE_TITLES = {
    DisciplineCategory.SCIENCE: ("教授", "教授", "副教授", "研究员", "副研究员", "高级实验师"),
    DisciplineCategory.ENGINEERING: (
        "教授",
        "副教授",
        "正高级工程师",
        "高级工程师",
        "高级工程师",
        "教授级高级工程师",
    ),
    DisciplineCategory.AGRICULTURE: ("教授", "研究员", "副研究员", "高级农艺师", "推广研究员"),
    DisciplineCategory.MEDICINE: ("主任医师", "主任医师", "副主任医师", "主任药师", "主任护师"),
    DisciplineCategory.INTERDISCIPLINARY: ("教授", "研究员", "编审", "副编审", "高级工程师"),
}
YOUNG_TITLES = ("副教授", "副研究员", "讲师", "高级工程师", "副主任医师", "助理研究员")
LEADER_TITLES = ("副校长", "院长", "副院长", "党委书记", "总工程师", "副总经理", "所长")
YOUNG_LEADER_TITLES = ("副所长", "副主任", "部门经理", "科长")
STAFF_TITLES = ("副研究员", "馆员", "经济师", "工程师", "助理研究员")

# Government bodies by category, for serving (现职) and retired (退休) officials.
AUTHORITIES = {
    DisciplineCategory.SCIENCE: ("湖北省科学技术厅", "湖北省自然资源厅", "湖北省气象局"),
    DisciplineCategory.ENGINEERING: (
        "湖北省住房和城乡建设厅",
        "湖北省交通运输厅",
        "湖北省水利厅",
        "湖北省经济和信息化厅",
    ),
    DisciplineCategory.AGRICULTURE: ("湖北省农业农村厅", "湖北省林业局"),
    DisciplineCategory.MEDICINE: ("湖北省卫生健康委员会", "湖北省药品监督管理局"),
    DisciplineCategory.INTERDISCIPLINARY: (
        "湖北省生态环境厅",
        "湖北省科学技术厅",
        "湖北省新闻出版局",
    ),
}
OFFICIAL_TITLES = ("副厅长", "副局长", "处长", "二级巡视员")

STREETS = {
    "hubei": ("武昌区中北路", "洪山区珞喻路", "武昌区武珞路", "洪山区雄楚大道", "江汉区新华路"),
    "wuhan": ("江岸区沿江大道", "江汉区建设大道", "硚口区解放大道", "汉阳区汉阳大道"),
    "yichang": ("西陵区东山大道", "伍家岗区沿江大道", "夷陵区夷兴大道"),
}
AREA_CODES = {"hubei": "027", "wuhan": "027", "yichang": "0717"}
MOBILE_PREFIXES = (
    "130",
    "133",
    "135",
    "136",
    "138",
    "139",
    "150",
    "152",
    "158",
    "177",
    "186",
    "189",
)
