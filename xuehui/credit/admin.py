from django.contrib import admin

from .models import Commendation, Listing, Sanction

admin.site.register(Commendation)
admin.site.register(Sanction)
admin.site.register(Listing)
