app_name = "finances"
urlpatterns: list = []
