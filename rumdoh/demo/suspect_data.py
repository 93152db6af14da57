"""The other side of a criminal case: what suspects are called, their messaging-app handles,
their companies, and the places of raids and arrests (pure data, written for this project).
"""

from __future__ import annotations

# What brokers and bosses are called by those they recruit; often the only name the victim knows.
SUSPECT_ALIASES = [
    "Boss Tiger",
    "Big Brother",
    "Ah Long",
    "Lao Ban",
    "Uncle Heng",
    "Jie Ge",
    "Boss Chen",
    "Ah Fei",
    "Sister Lin",
    "Ko Mao",
    "Ming Sok",
    "Mama Srey",
    "Bong Thom",
    "Ta Chas",
    "Lok Thom",
    "A Khmao",
    "Pu Heng",
    "Om Sreymao",
    "Teacher Wang",
    "Captain Somchai",
    "Hia Lek",
    "Jay",
    "Ah Bao",
    "Boss K",
]

# Messaging apps recruiters use, weighted as met in cases, and the words their handles are made of.
MESSAGING_APPS: dict[str, float] = {
    "Telegram": 40.0,
    "Facebook": 20.0,
    "WhatsApp": 14.0,
    "WeChat": 10.0,
    "Line": 8.0,
    "Zalo": 4.0,
    "TikTok": 4.0,
}
HANDLE_WORDS = [
    "jobs",
    "work",
    "hr",
    "recruit",
    "visa",
    "agent",
    "boss",
    "goodjob",
    "easymoney",
    "thaiwork",
    "malaysia",
    "sihanouk",
    "kp",
    "office",
    "cs",
    "service",
    "team",
    "vip",
    "bigpay",
    "overseas",
    "bridge",
    "lucky",
]

# Words of the names of companies met in trafficking cases (invented; any likeness is chance).
COMPANY_WORDS = [
    "Golden",
    "Lucky",
    "Royal",
    "Grand",
    "Silver",
    "Mekong",
    "Phoenix",
    "Harmony",
    "Orient",
    "Pacific",
    "Bright Star",
    "Fortune",
    "Evergreen",
    "Sunrise",
    "Blue Ocean",
    "Jade",
]
COMPANY_TRADES: dict[str, list[str]] = {
    "recruitment_agency": ["Manpower", "Human Resources", "Recruitment", "Labour Supply"],
    "compound_operator": ["Technology", "Network", "Digital", "Online Services", "Investment"],
    "employer": ["Construction", "Garment", "Agro Industry", "Brick Factory", "Plantation"],
    "entertainment": ["KTV", "Karaoke Club", "Massage and Spa", "Night Club"],
    "vessel_owner": ["Fishery", "Marine Products", "Ocean Fishing"],
    "other": ["Trading", "Travel", "Services"],
}

# Places named on search warrants and arrests.
RAID_PLACES = {
    "18": [
        "Compound in Otres Village",
        "Condominium on Ekareach Street",
        "Office block in Ochheuteal",
    ],
    "01": ["Casino hotel in Poipet", "Guest house near the Klong Luek border gate"],
    "12": ["Apartment in Sen Sok", "Karaoke club in Chamkar Mon", "Office in Toul Kork"],
    "09": ["Port of Koh Kong", "Fishing pier at Pak Khlong"],
    "17": ["Massage parlour on Pub Street", "Guest house in Svay Dangkum"],
    "20": ["Casino compound in Bavet"],
}
ARREST_PLACES = [
    "at home",
    "at the border gate",
    "at a checkpoint",
    "at the workplace",
    "in a café",
]
