"""A synthetic yearly award list of 5,000 rows (DESIGN.md section 5) for the import benchmarks."""
import csv, random, sys
random.seed(5)
cats = ["thuc-pham", "do-uong", "nong-san-dac-san", "det-may-thoi-trang", "do-gia-dung", "thu-cong-my-nghe", "hoa-my-pham"]
provs = ["Hà Nội", "TP Hồ Chí Minh", "Kiên Giang", "Trà Vinh", "Bắc Kạn", "Nghệ An", "Lâm Đồng", "Huế", "Quảng Nam", "Cần Thơ"]
nouns = ["Nước mắm", "Trà", "Gạo", "Mật ong", "Bánh", "Gốm", "Lụa", "Cà phê", "Miến", "Tương"]
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["programme", "year", "tier", "product", "producer", "tax_code", "category", "province", "certificate_no", "valid_until", "source_url"])
    for i in range(5000):
        producer = i // 4                      # four products per producer
        prog = random.choice(["ocop", "ocop", "hvnclc", "hvn-yeu-thich", "thqg"])
        tier = {"ocop": random.choice(["3", "4", "5"]), "hvn-yeu-thich": random.choice(["top1", "top2", "top3", "top4"])}.get(prog, "")
        tax = f"{4000000000 + producer:010d}" if producer % 2 else ""
        w.writerow([prog, random.randint(2019, 2025), tier, f"{random.choice(nouns)} mẫu {i}", f"Công ty Mẫu {producer}", tax,
                    random.choice(cats), random.choice(provs), f"{i}/QĐ-UBND" if prog == "ocop" else "", "", "https://example.gov.vn/danh-sach"])
