# Errors about a request as a whole, before any handler runs (src/server.rs). Translated
# from vi/requests.ftl; same keys.

error-bad-query = Invalid query parameter: { $reason }
