from coso.evaluation import campaign_views, goal_views, report_views

app_name = "evaluation"
urlpatterns = campaign_views.urlpatterns + goal_views.urlpatterns + report_views.urlpatterns
