app_name = "societies"
urlpatterns: list = []
