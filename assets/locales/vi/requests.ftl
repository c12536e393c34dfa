# Errors about a request as a whole, before any handler runs (src/server.rs).

error-bad-query = Tham số không hợp lệ: { $reason }
