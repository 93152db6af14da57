"""Where synthetic persons come from: regions abroad, nationalities, provinces, districts and
villages, phone numbers and passports (pure data, written for this project).
"""

from __future__ import annotations

# Where foreign nationals come from, for the address abroad.
HOME_REGIONS: dict[str, list[str]] = {
    "CN": ["Guangxi", "Yunnan", "Fujian", "Guangdong", "Sichuan", "Henan"],
    "TW": ["Taipei", "Kaohsiung", "Taichung"],
    "VN": ["An Giang", "Tay Ninh", "Dong Thap", "Kien Giang", "Ho Chi Minh City"],
    "TH": ["Sa Kaeo", "Surin", "Buriram", "Chanthaburi", "Bangkok"],
    "ID": ["West Java", "Central Java", "East Java", "North Sumatra", "West Nusa Tenggara"],
    "MY": ["Johor", "Selangor", "Penang", "Sabah", "Kuala Lumpur"],
    "PH": ["Pampanga", "Cavite", "Metro Manila", "Cebu", "Davao"],
    "MM": ["Yangon", "Mandalay", "Bago", "Mon State", "Shan State"],
    "LA": ["Vientiane", "Champasak", "Savannakhet", "Bokeo"],
    "BD": ["Dhaka", "Chittagong", "Sylhet", "Khulna"],
    "KE": ["Nairobi", "Mombasa", "Kisumu", "Nakuru"],
    "IN": ["Tamil Nadu", "Kerala", "Uttar Pradesh", "Punjab"],
    "PK": ["Punjab", "Sindh", "Khyber Pakhtunkhwa"],
    "NP": ["Kathmandu", "Pokhara", "Chitwan"],
    "LK": ["Colombo", "Kandy", "Galle"],
    "UG": ["Kampala", "Jinja", "Gulu"],
    "ET": ["Addis Ababa", "Adama", "Bahir Dar"],
    "KR": ["Seoul", "Busan"],
    "JP": ["Tokyo", "Osaka"],
    "XX": [""],
}

# Nationalities of the persons met, weighted roughly as in the reports: mostly Cambodians
# deported or returning from Thailand, then foreigners found in scam compounds.
NATIONALITY_WEIGHTS: dict[str, float] = {
    "KH": 80.0,
    "CN": 5.0,
    "VN": 3.0,
    "ID": 2.2,
    "TH": 1.8,
    "MM": 1.5,
    "PH": 1.1,
    "MY": 1.0,
    "LA": 0.9,
    "BD": 0.8,
    "KE": 0.5,
    "TW": 0.5,
    "IN": 0.4,
    "PK": 0.3,
    "NP": 0.3,
    "LK": 0.2,
    "UG": 0.2,
    "ET": 0.2,
    "KR": 0.1,
    "JP": 0.1,
    "XX": 0.3,
}

NATIONAL_LANGUAGE: dict[str, str] = {
    "KH": "km",
    "TH": "th",
    "VN": "vi",
    "CN": "zh",
    "TW": "zh",
    "ID": "id",
    "MY": "ms",
    "PH": "fil",
    "MM": "my",
    "LA": "lo",
}

# Home provinces of Cambodians met, weighted towards the border and migration provinces.
PROVINCE_WEIGHTS: dict[str, float] = {
    "01": 10.0,
    "02": 8.0,
    "03": 7.0,
    "04": 3.0,
    "05": 4.0,
    "06": 4.0,
    "07": 3.0,
    "08": 5.0,
    "09": 2.0,
    "10": 2.0,
    "11": 0.6,
    "12": 6.0,
    "13": 2.0,
    "14": 8.0,
    "15": 3.0,
    "16": 0.8,
    "17": 7.0,
    "18": 3.0,
    "19": 1.0,
    "20": 6.0,
    "21": 5.0,
    "22": 3.0,
    "23": 0.5,
    "24": 1.0,
    "25": 4.0,
}

# Districts of some provinces; the others use their provincial town.
DISTRICTS: dict[str, list[str]] = {
    "01": ["Poipet", "Serei Saophoan", "Mongkol Borei", "Ou Chrov", "Thma Puok", "Malai"],
    "02": ["Battambang", "Moung Ruessei", "Sangkae", "Thma Koul", "Kamrieng", "Samlout"],
    "03": ["Kampong Cham", "Batheay", "Cheung Prey", "Kang Meas", "Prey Chhor"],
    "12": ["Chamkar Mon", "Doun Penh", "Sen Sok", "Mean Chey", "Por Senchey", "Russey Keo"],
    "14": ["Kamchay Mear", "Peam Ro", "Prey Veng", "Sithor Kandal", "Preah Sdach"],
    "17": ["Siem Reap", "Puok", "Angkor Chum", "Kralanh", "Chi Kraeng"],
    "18": ["Preah Sihanouk", "Prey Nob", "Stueng Hav", "Kampong Seila"],
    "20": ["Bavet", "Svay Rieng", "Chantrea", "Romeas Haek", "Svay Chrum"],
    "21": ["Doun Kaev", "Bati", "Prey Kabbas", "Tram Kak", "Angkor Borei"],
}

# Words that make up village and commune names (Phum = village, Khum = commune).
PLACE_WORDS = [
    "Thmei",
    "Chas",
    "Kandal",
    "Lech",
    "Kaeut",
    "Tboung",
    "Cheung",
    "Prey",
    "Trapeang",
    "Svay",
    "Kok",
    "Chrey",
    "Boeng",
    "Stueng",
    "Ou",
    "Phnum",
    "Krang",
    "Andoung",
    "Sambuor",
    "Ta Ong",
    "Roka",
    "Veal",
    "Toul",
    "Kbal",
    "Spean",
    "Prasat",
]

# Mobile prefixes of Cambodian operators, and calling codes abroad.
KH_MOBILE_PREFIXES = ["12", "11", "77", "78", "85", "89", "92", "95", "96", "97", "98", "10"]
KH_MOBILE_PREFIXES += ["15", "16", "69", "70", "81", "86", "87", "88", "93", "61", "66", "60"]
CALLING_CODES: dict[str, str] = {
    "CN": "86",
    "TW": "886",
    "VN": "84",
    "TH": "66",
    "ID": "62",
    "MY": "60",
    "PH": "63",
    "MM": "95",
    "LA": "856",
    "BD": "880",
    "KE": "254",
    "IN": "91",
    "PK": "92",
    "NP": "977",
    "LK": "94",
    "UG": "256",
    "ET": "251",
    "KR": "82",
    "JP": "81",
}

# Passport number shapes by issuing country: a letter prefix and a digit count.
PASSPORT_SHAPES: dict[str, tuple[str, int]] = {
    "KH": ("N", 7),
    "CN": ("E", 8),
    "TW": ("3", 8),
    "VN": ("C", 7),
    "TH": ("AA", 7),
    "ID": ("C", 7),
    "MY": ("A", 8),
    "PH": ("P", 7),
    "MM": ("MA", 6),
    "LA": ("P", 7),
    "BD": ("A", 8),
    "KE": ("AK", 7),
}
