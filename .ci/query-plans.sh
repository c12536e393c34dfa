#!/usr/bin/env bash
# The query plans of the catalogue's pages (issue 16), on SQLite and on PostgreSQL: each page's
# queries as the app sends them (src/db/models/product.rs, winners.rs), with real values taken
# from the seeded database. Not run by CI.
#
#   .ci/query-plans.sh sqlite /tmp/hv-scale-bench/hangviet.db
#   .ci/query-plans.sh postgres postgres://hangviet:hangviet@127.0.0.1:5432/hv_plans
set -euo pipefail
kind=$1 target=$2
case "$kind" in
  sqlite) q() { sqlite3 "$target" "$1"; }; explain() { sqlite3 "$target" "EXPLAIN QUERY PLAN $1"; } ;;
  postgres) q() { psql -qAt "$target" -c "$1"; }; explain() { psql -qAt "$target" -c "EXPLAIN (COSTS OFF) $1"; } ;;
  *) echo "usage: $0 sqlite FILE | postgres URL" >&2; exit 2 ;;
esac
if [ "$kind" = sqlite ]; then yes=1 no=0; else yes=true no=false; fi

category=$(q "SELECT category_id FROM category_counts ORDER BY published DESC LIMIT 1")
province=$(q "SELECT province_id FROM products WHERE province_id IS NOT NULL GROUP BY province_id ORDER BY COUNT(*) DESC LIMIT 1")
alias=$(q "SELECT province_alias_id FROM products WHERE province_alias_id IS NOT NULL GROUP BY province_alias_id ORDER BY COUNT(*) LIMIT 1")
producer=$(q "SELECT producer_id FROM producer_counts ORDER BY published DESC LIMIT 1")
year=$(q "SELECT year FROM award_list_counts WHERE programme = 'ocop' GROUP BY year ORDER BY SUM(published) DESC LIMIT 1")
# A year few products hold (at most 2,400: the catalogue then sorts the matches it counted).
rare_year=$(q "SELECT year FROM award_list_counts GROUP BY year HAVING SUM(published) BETWEEN 1 AND 2400 ORDER BY SUM(published) LIMIT 1")
slug=$(q "SELECT slug FROM products WHERE status = 'published' ORDER BY id LIMIT 1")

published="status = 'published'"
show() { # label sql
  echo "### $1"
  echo '```'
  explain "$2"
  echo '```'
}

echo "## Query plans: $kind"
show "/san-pham (first page; the total is kept)" \
  "SELECT id FROM products WHERE $published ORDER BY name_folded, id LIMIT 24 OFFSET 0"
show "/san-pham?page=100 (the cap's last page)" \
  "SELECT id FROM products WHERE $published ORDER BY name_folded, id LIMIT 24 OFFSET 2376"
show "?category= (the total is kept)" \
  "SELECT id FROM products WHERE $published AND category_id = $category ORDER BY name_folded, id LIMIT 24"
show "?province= (page)" \
  "SELECT id FROM products WHERE $published AND province_id = $province ORDER BY name_folded, id LIMIT 24"
show "?province= (count, capped)" \
  "SELECT id FROM products WHERE $published AND province_id = $province LIMIT 2401"
show "?category=&province= (page)" \
  "SELECT id FROM products WHERE $published AND category_id = $category AND province_id = $province ORDER BY name_folded, id LIMIT 24"
show "?year=&programme= (page, the award keys alone)" \
  "SELECT product_id FROM award_keys WHERE programme = 'ocop' AND year = $year AND tier = '*' AND published = $yes ORDER BY name_folded, product_id LIMIT 24"
show "?year= (count, capped)" \
  "SELECT product_id FROM award_keys WHERE programme = '*' AND year = $year AND tier = '*' AND published = $yes LIMIT 2401"
keys="programme = 'ocop' AND year = 0 AND tier = '*' AND published = $yes"
show "?programme=ocop&province= (page and capped count: the keys carry the province)" \
  "SELECT product_id FROM award_keys WHERE $keys AND province_id = $province ORDER BY name_folded, product_id LIMIT 24"
show "?programme=ocop&province=(a former province) (page)" \
  "SELECT product_id FROM award_keys WHERE $keys AND province_alias_id = ${alias:-0} ORDER BY name_folded, product_id LIMIT 24"
show "?programme=ocop&category= (page)" \
  "SELECT product_id FROM award_keys WHERE $keys AND category_id = $category ORDER BY name_folded, product_id LIMIT 24"
show "?year=(rare)&sort=moi-nhat (another order, at most 2,400 matches: the ids the count read, bound by the app, shown here as the count's query, then sorted)" \
  "SELECT id FROM products WHERE id IN (SELECT product_id FROM award_keys WHERE programme = '*' AND year = ${rare_year:-0} AND tier = '*' AND published = $yes LIMIT 2401) AND $published ORDER BY published_at DESC, id DESC LIMIT 24"
show "?year=&sort=moi-nhat&page=100 (another order, more than 2,400 matches: the keys in that order)" \
  "SELECT product_id FROM award_keys WHERE programme = '*' AND year = $year AND tier = '*' AND published = $yes ORDER BY published_at DESC, product_id DESC LIMIT 24 OFFSET 2376"
show "?year=&sort=giai-moi-nhat" \
  "SELECT product_id FROM award_keys WHERE programme = '*' AND year = $year AND tier = '*' AND published = $yes ORDER BY award_year DESC, published_at DESC, product_id DESC LIMIT 24"
show "?programme=ocop&sort=hang-cao-nhat" \
  "SELECT product_id FROM award_keys WHERE $keys ORDER BY award_rank DESC, award_year DESC, name_folded, product_id LIMIT 24"
show "?category=&sort=moi-nhat&page=100" \
  "SELECT id FROM products WHERE $published AND category_id = $category ORDER BY published_at DESC, id DESC LIMIT 24 OFFSET 2376"
show "?province=&sort=moi-nhat" \
  "SELECT id FROM products WHERE $published AND province_id = $province ORDER BY published_at DESC, id DESC LIMIT 24"
show "/giai-thuong/ocop/$year (a page of the year's list; its tier counts are kept)" \
  "SELECT tier, product_id FROM award_keys WHERE programme = 'ocop' AND year = $year AND listed = $yes AND published = $yes ORDER BY rank DESC, is_demo, name_folded, product_id LIMIT 60 OFFSET 1200"
show "/giai-thuong/ocop/$year?province=(a former province) (a page of the list in a province, and its capped counts)" \
  "SELECT tier, product_id FROM award_keys WHERE programme = 'ocop' AND year = $year AND listed = $yes AND published = $yes AND listed AND province_alias_id = ${alias:-0} ORDER BY rank DESC, is_demo, name_folded, product_id LIMIT 60"
show "/giai-thuong/ocop/$year (tier counts)" \
  "SELECT rank, published FROM award_list_counts WHERE programme = 'ocop' AND year = $year AND published > 0 ORDER BY rank DESC"
show "/ (the newest year with a valid award: one seek)" \
  "SELECT EXISTS (SELECT 1 FROM awards WHERE programme = 'ocop' AND year = $year AND valid_until >= '2026-12-02' AND EXISTS (SELECT 1 FROM products WHERE products.id = awards.product_id AND products.$published))"
show "/nha-san-xuat/… (a producer's products)" \
  "SELECT id FROM products WHERE $published AND producer_id = $producer ORDER BY name_folded, id LIMIT 24"
show "/san-pham/$slug" \
  "SELECT id FROM products WHERE slug = '$slug' AND $published"
