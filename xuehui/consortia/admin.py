from django.contrib import admin

from .models import Consortium, ConsortiumMember, JointActivity

admin.site.register(Consortium)
admin.site.register(ConsortiumMember)
admin.site.register(JointActivity)
