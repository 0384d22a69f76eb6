from ninja import NinjaAPI

api = NinjaAPI(title="Cơ Sở API", version="1", urls_namespace="api-v1", openapi_url="/openapi.json", docs_url=None)
