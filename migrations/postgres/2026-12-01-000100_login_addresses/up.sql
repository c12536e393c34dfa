-- Addresses (an IPv4 address or an IPv6 /64) from which an account logged in successfully:
-- the account-wide login limit does not apply to them, so attempts from elsewhere cannot lock
-- the owner out (src/auth/throttle.rs).
CREATE TABLE login_addresses (
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    address         TEXT NOT NULL,
    last_success_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, address)
);
CREATE INDEX login_addresses_last_success ON login_addresses (last_success_at);
