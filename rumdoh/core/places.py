"""Provinces, nationalities and languages as versioned code lists (pure data)."""

from __future__ import annotations

# Cambodia's 25 provinces with their official two-digit codes.
PROVINCES: dict[str, tuple[str, str]] = {
    "01": ("Banteay Meanchey", "បន្ទាយមានជ័យ"),
    "02": ("Battambang", "បាត់ដំបង"),
    "03": ("Kampong Cham", "កំពង់ចាម"),
    "04": ("Kampong Chhnang", "កំពង់ឆ្នាំង"),
    "05": ("Kampong Speu", "កំពង់ស្ពឺ"),
    "06": ("Kampong Thom", "កំពង់ធំ"),
    "07": ("Kampot", "កំពត"),
    "08": ("Kandal", "កណ្ដាល"),
    "09": ("Koh Kong", "កោះកុង"),
    "10": ("Kratie", "ក្រចេះ"),
    "11": ("Mondulkiri", "មណ្ឌលគិរី"),
    "12": ("Phnom Penh", "ភ្នំពេញ"),
    "13": ("Preah Vihear", "ព្រះវិហារ"),
    "14": ("Prey Veng", "ព្រៃវែង"),
    "15": ("Pursat", "ពោធិ៍សាត់"),
    "16": ("Ratanakiri", "រតនគិរី"),
    "17": ("Siem Reap", "សៀមរាប"),
    "18": ("Preah Sihanouk", "ព្រះសីហនុ"),
    "19": ("Stung Treng", "ស្ទឹងត្រែង"),
    "20": ("Svay Rieng", "ស្វាយរៀង"),
    "21": ("Takeo", "តាកែវ"),
    "22": ("Oddar Meanchey", "ឧត្ដរមានជ័យ"),
    "23": ("Kep", "កែប"),
    "24": ("Pailin", "ប៉ៃលិន"),
    "25": ("Tbong Khmum", "ត្បូងឃ្មុំ"),
}
ABROAD = "99"  # a person whose home is outside Cambodia

NATIONALITIES: dict[str, tuple[str, str]] = {
    "KH": ("Cambodian", "ខ្មែរ"),
    "TH": ("Thai", "ថៃ"),
    "VN": ("Vietnamese", "វៀតណាម"),
    "CN": ("Chinese", "ចិន"),
    "TW": ("Taiwanese", "តៃវ៉ាន់"),
    "ID": ("Indonesian", "ឥណ្ឌូណេស៊ី"),
    "MY": ("Malaysian", "ម៉ាឡេស៊ី"),
    "PH": ("Filipino", "ហ្វីលីពីន"),
    "MM": ("Myanmar", "មីយ៉ាន់ម៉ា"),
    "LA": ("Lao", "ឡាវ"),
    "IN": ("Indian", "ឥណ្ឌា"),
    "BD": ("Bangladeshi", "បង់ក្លាដែស"),
    "PK": ("Pakistani", "ប៉ាគីស្ថាន"),
    "NP": ("Nepali", "នេប៉ាល់"),
    "LK": ("Sri Lankan", "ស្រីលង្កា"),
    "KE": ("Kenyan", "កេនយ៉ា"),
    "UG": ("Ugandan", "អ៊ូហ្គង់ដា"),
    "ET": ("Ethiopian", "អេត្យូពី"),
    "KR": ("Korean", "កូរ៉េ"),
    "JP": ("Japanese", "ជប៉ុន"),
    "XX": ("Unknown or stateless", "មិនស្គាល់ ឬគ្មានសញ្ជាតិ"),
}

# The same codes named as countries: where a person works or is sent, who deports, who asks.
COUNTRIES: dict[str, tuple[str, str]] = {
    "KH": ("Cambodia", "កម្ពុជា"),
    "TH": ("Thailand", "ថៃ"),
    "VN": ("Viet Nam", "វៀតណាម"),
    "CN": ("China", "ចិន"),
    "TW": ("Taiwan", "តៃវ៉ាន់"),
    "ID": ("Indonesia", "ឥណ្ឌូណេស៊ី"),
    "MY": ("Malaysia", "ម៉ាឡេស៊ី"),
    "PH": ("Philippines", "ហ្វីលីពីន"),
    "MM": ("Myanmar", "មីយ៉ាន់ម៉ា"),
    "LA": ("Laos", "ឡាវ"),
    "IN": ("India", "ឥណ្ឌា"),
    "BD": ("Bangladesh", "បង់ក្លាដែស"),
    "PK": ("Pakistan", "ប៉ាគីស្ថាន"),
    "NP": ("Nepal", "នេប៉ាល់"),
    "LK": ("Sri Lanka", "ស្រីលង្កា"),
    "KE": ("Kenya", "កេនយ៉ា"),
    "UG": ("Uganda", "អ៊ូហ្គង់ដា"),
    "ET": ("Ethiopia", "អេត្យូពី"),
    "KR": ("Korea", "កូរ៉េ"),
    "JP": ("Japan", "ជប៉ុន"),
    "XX": ("Unknown", "មិនស្គាល់"),
}

LANGUAGES: dict[str, tuple[str, str]] = {
    "km": ("Khmer", "ខ្មែរ"),
    "en": ("English", "អង់គ្លេស"),
    "th": ("Thai", "ថៃ"),
    "vi": ("Vietnamese", "វៀតណាម"),
    "zh": ("Chinese", "ចិន"),
    "id": ("Indonesian", "ឥណ្ឌូណេស៊ី"),
    "ms": ("Malay", "ម៉ាឡេ"),
    "fil": ("Filipino", "ហ្វីលីពីន"),
    "my": ("Burmese", "ភូមា"),
    "lo": ("Lao", "ឡាវ"),
    "other": ("Other", "ផ្សេងទៀត"),
}


def label(table: dict[str, tuple[str, str]], code: str, language: str) -> str:
    names = table.get(code)
    if names is None:
        return code
    return names[1] if language.startswith("km") else names[0]


def choices(table: dict[str, tuple[str, str]], language: str = "en") -> list[tuple[str, str]]:
    return [(code, label(table, code, language)) for code in table]
