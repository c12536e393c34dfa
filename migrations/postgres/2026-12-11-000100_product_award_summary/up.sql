-- Each published product's award summary, kept on the product so the catalogue and the search
-- fallback can sort and filter by it through an index, bounded by LIMIT, instead of
-- aggregating every product's awards on each request (a correlated subquery per row would
-- have to aggregate the whole filtered catalogue before the first page could be cut).
-- Counted over the product's own awards and its producer's firm-level awards (as the award
-- filters are). Kept up to date by Product::refresh_award_summary, which every writer of
-- awards calls (src/actions/awards.rs, the award import, the demo loader).
--   award_rank: the best tier's rank, higher is better, 0 without awards (see
--               award::tier_rank: position of the tier in its programme first, then the
--               programme: HVN yêu thích top1 100, OCOP 5★ 99, HVNCLC 98, THQG 97, top2 90,
--               OCOP 4★ 89, top3 80, OCOP 3★ 79, top4 70).
--   award_year: the most recent award year, 0 without awards.
--   award_valid_until: the latest validity date, 9999-12-31 when an award has none, NULL
--               without awards: "valid today" is award_valid_until >= today.
ALTER TABLE products ADD COLUMN award_rank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN award_year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN award_valid_until DATE;

UPDATE products SET
    award_rank = COALESCE((
        SELECT MAX(CASE
            WHEN a.programme = 'hvnclc' THEN 98
            WHEN a.programme = 'thqg' THEN 97
            WHEN a.programme = 'hvn-yeu-thich' AND a.tier = 'top1' THEN 100
            WHEN a.programme = 'hvn-yeu-thich' AND a.tier = 'top2' THEN 90
            WHEN a.programme = 'hvn-yeu-thich' AND a.tier = 'top3' THEN 80
            WHEN a.programme = 'hvn-yeu-thich' AND a.tier = 'top4' THEN 70
            WHEN a.programme = 'hvn-yeu-thich' THEN 60
            WHEN a.programme = 'ocop' AND a.tier = '5' THEN 99
            WHEN a.programme = 'ocop' AND a.tier = '4' THEN 89
            WHEN a.programme = 'ocop' AND a.tier = '3' THEN 79
            ELSE 69 END)
        FROM awards a
        WHERE a.product_id = products.id OR a.producer_id = products.producer_id), 0),
    award_year = COALESCE((
        SELECT MAX(a.year) FROM awards a
        WHERE a.product_id = products.id OR a.producer_id = products.producer_id), 0),
    award_valid_until = (
        SELECT MAX(COALESCE(a.valid_until, DATE '9999-12-31')) FROM awards a
        WHERE a.product_id = products.id OR a.producer_id = products.producer_id);

CREATE INDEX products_status_award_year ON products (status, award_year DESC, published_at DESC, id DESC);
CREATE INDEX products_status_award_rank ON products (status, award_rank DESC, award_year DESC, name_folded, id);
CREATE INDEX products_status_award_valid ON products (status, award_valid_until);
