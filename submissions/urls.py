app_name = "submissions"

# The partner submission form is built by the submissions issue.
urlpatterns = []
