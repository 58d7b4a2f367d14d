"""Deterministic distractor names for the name tests and the fuzzy-name benchmark.

Names are drawn from pools of common given and family names of the same origins as the
labelled persons (Arabic, Russian and Ukrainian, Chinese, Spanish and Portuguese, West
African, Nigerian, Turkish, Persian, Vietnamese, Albanian, Greek, Pakistani), so distractors
look like the people searched for and share many of their words.
"""

from __future__ import annotations

import random

POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "arabic": (
        ("Mohammed", "Mohamed", "Muhammad", "Ahmed", "Ali", "Omar", "Youssef", "Khaled",
         "Hassan", "Hussein", "Ibrahim", "Mahmoud", "Mustafa", "Abdullah", "Abdelkader",
         "Karim", "Said", "Nabil", "Rachid", "Samir", "Walid", "Tarek", "Yassin", "Hamza",
         "Bilal", "Fatima", "Aisha", "Khadija", "Mariam", "Amina", "Salma", "Nour", "Leila",
         "Zahra", "Samira", "Hana", "Rania", "Yasmin", "Imane", "Sara"),
        ("Hassan", "Hussein", "Ali", "Ahmed", "Saleh", "Khalil", "Haddad", "Mansour", "Nasser",
         "Ibrahim", "Abdallah", "Al-Masri", "Al-Sayed", "El Idrissi", "Benali", "Bennani",
         "Alaoui", "Tazi", "Chraibi", "Amrani", "Rahman", "Othman", "Youssef", "Hamdan",
         "Darwish", "Qasim", "Jaber", "Suleiman", "Bakr", "Aziz", "Farouk", "Shami", "Khoury",
         "Najjar", "Sabbagh", "Halabi", "Ayoub", "Zidane", "Belkacem", "Boudiaf"),
    ),
    "slavic": (
        ("Aleksandr", "Sergey", "Dmitriy", "Andrey", "Aleksey", "Vladimir", "Ivan", "Mikhail",
         "Nikolay", "Yuriy", "Oleg", "Pavel", "Viktor", "Igor", "Maksim", "Roman", "Oleksandr",
         "Volodymyr", "Mykola", "Taras", "Bohdan", "Olga", "Tatyana", "Yelena", "Natalya",
         "Irina", "Svetlana", "Anna", "Mariya", "Yuliya", "Oksana", "Kateryna"),
        ("Ivanov", "Petrov", "Sidorov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Lebedev",
         "Kozlov", "Novikov", "Morozov", "Volkov", "Solovyov", "Vasilyev", "Zaytsev", "Pavlov",
         "Semyonov", "Golubev", "Vinogradov", "Bogdanov", "Shevchenko", "Bondarenko",
         "Kovalenko", "Tkachenko", "Kravchenko", "Oliynyk", "Melnyk", "Boyko", "Moroz",
         "Lysenko", "Marchenko", "Rudenko", "Savchenko", "Petrenko", "Zhukov", "Orlov"),
    ),
    "chinese": (
        ("Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Yong", "Yan",
         "Jie", "Tao", "Ming", "Chao", "Xiuying", "Xiaoming", "Jianguo", "Jianhua", "Guoqiang",
         "Zhiwei", "Haiyan", "Meiling", "Xiaohong", "Lihua", "Hui", "Ping", "Gang", "Hong"),
        ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
         "Ma", "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song",
         "Tang", "Han", "Feng", "Deng", "Cao", "Peng"),
    ),
    "iberian": (
        ("Juan", "José", "Luis", "Carlos", "Jorge", "Miguel", "Javier", "Alejandro", "Pedro",
         "Antonio", "Manuel", "Francisco", "Diego", "Andrés", "Fernando", "João", "Paulo",
         "Rafael", "Ricardo", "Guillermo", "María", "Ana", "Carmen", "Lucía", "Isabel", "Paula",
         "Camila", "Valentina", "Gabriela", "Fernanda", "Juliana", "Beatriz"),
        ("García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez", "Sánchez",
         "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Morales", "Jiménez",
         "Ruiz", "Álvarez", "Castillo", "Romero", "Vargas", "Mendoza", "Silva", "Santos",
         "Oliveira", "Souza", "Pereira", "Costa", "Ferreira", "Alves", "Gonçalves", "Ribeiro",
         "Carvalho", "Gomes", "Lima", "Fernández", "Gutiérrez"),
    ),
    "west_african": (
        ("Mamadou", "Moussa", "Ibrahima", "Amadou", "Ousmane", "Abdoulaye", "Cheikh", "Modou",
         "Souleymane", "Boubacar", "Seydou", "Issa", "Boukary", "Kwame", "Kofi", "Kwabena",
         "Yaw", "Aminata", "Fatoumata", "Mariama", "Awa", "Aissatou", "Adama", "Kadiatou",
         "Rokia", "Ama", "Akosua"),
        ("Diallo", "Traoré", "Ndiaye", "Diop", "Sow", "Ba", "Fall", "Camara", "Keita", "Touré",
         "Coulibaly", "Konaté", "Sylla", "Cissé", "Sangaré", "Ouédraogo", "Sawadogo",
         "Kaboré", "Mensah", "Owusu", "Boateng", "Asante", "Appiah", "Osei", "Addo", "Badji"),
    ),
    "nigerian": (
        ("Chukwuemeka", "Chinedu", "Obinna", "Emeka", "Ikenna", "Oluwaseun", "Olumide",
         "Adebayo", "Babatunde", "Tunde", "Oluwafemi", "Ibrahim", "Abubakar", "Musa", "Sani",
         "Usman", "Ngozi", "Chiamaka", "Adaeze", "Funmilayo", "Folake", "Yetunde", "Aisha",
         "Hauwa", "Zainab", "Blessing", "Chioma"),
        ("Okonkwo", "Okafor", "Nwosu", "Eze", "Obi", "Okeke", "Nwachukwu", "Adeyemi", "Balogun",
         "Adeleke", "Ogunleye", "Olawale", "Afolabi", "Bello", "Abubakar", "Mohammed", "Yusuf",
         "Garba", "Danjuma", "Aliyu", "Ibrahim", "Onyekachi", "Chukwu", "Ogbonna", "Ezeh"),
    ),
    "turkish": (
        ("Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman",
         "Yusuf", "Murat", "Ömer", "Ramazan", "Halil", "Süleyman", "Emre", "Burak", "Ayşe",
         "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife", "Zehra", "Kemal"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
         "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt",
         "Özkan", "Şimşek", "Polat", "Korkmaz", "Erdoğan", "Güneş"),
    ),
    "persian": (
        ("Mohammad", "Ali", "Hossein", "Mohammadreza", "Mehdi", "Reza", "Hamid", "Saeed",
         "Amir", "Javad", "Majid", "Morteza", "Hassan", "Ali Akbar", "Farhad", "Babak",
         "Maryam", "Fatemeh", "Zahra", "Narges", "Leila", "Sara", "Mina", "Shirin", "Parisa"),
        ("Mohammadi", "Hosseini", "Ahmadi", "Rezaei", "Moradi", "Karimi", "Jafari", "Rahimi",
         "Hashemi", "Mousavi", "Ghasemi", "Sadeghi", "Ebrahimi", "Kazemi", "Heidari", "Nouri",
         "Akbari", "Rostami", "Azizi", "Tehrani", "Shirazi", "Esfahani", "Najafi", "Kamali"),
    ),
    "vietnamese": (
        ("Văn Hùng", "Văn Nam", "Minh Tuấn", "Văn Dũng", "Quang Huy", "Đức Anh", "Thành Long",
         "Hoàng Nam", "Văn Thắng", "Minh Đức", "Thị Mai", "Thị Lan", "Thị Hương", "Thị Hoa",
         "Ngọc Anh", "Thu Trang", "Thị Hằng", "Thanh Hà", "Phương Linh", "Thị Thu"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
         "Đỗ", "Hồ", "Ngô", "Dương", "Lý"),
    ),
    "albanian": (
        ("Arben", "Fatmir", "Blerim", "Agron", "Besnik", "Ilir", "Driton", "Valon", "Artan",
         "Gëzim", "Bujar", "Luan", "Drita", "Mimoza", "Arta", "Vjosa", "Blerta", "Teuta",
         "Flutura", "Lindita"),
        ("Hoxha", "Berisha", "Krasniqi", "Gashi", "Shehu", "Morina", "Kelmendi", "Bytyqi",
         "Rama", "Hasani", "Dervishi", "Leka", "Çela", "Kastrati", "Zeka", "Mustafa", "Shala",
         "Osmani"),
    ),
    "greek": (
        ("Georgios", "Ioannis", "Konstantinos", "Dimitrios", "Nikolaos", "Panagiotis",
         "Vasileios", "Christos", "Athanasios", "Michail", "Maria", "Eleni", "Aikaterini",
         "Vasiliki", "Sofia", "Angeliki", "Dimitra", "Georgia"),
        ("Papadopoulos", "Papadakis", "Papageorgiou", "Georgiou", "Nikolaidis", "Oikonomou",
         "Karagiannis", "Vlachos", "Dimitriou", "Konstantinidis", "Makris", "Pappas",
         "Ioannou", "Christodoulou", "Alexiou", "Antoniou"),
    ),
    "pakistani": (
        ("Muhammad", "Imran", "Tariq", "Asif", "Kashif", "Faisal", "Zahid", "Shahid", "Nadeem",
         "Waseem", "Adnan", "Bilal", "Usman", "Ayesha", "Fatima", "Sana", "Hina", "Nadia",
         "Saima", "Rabia"),
        ("Khan", "Ahmed", "Ali", "Hussain", "Shah", "Chaudhry", "Malik", "Butt", "Qureshi",
         "Raza", "Iqbal", "Akhtar", "Mehmood", "Siddiqui", "Javed", "Rana", "Mirza", "Baig",
         "Abbasi", "Sheikh"),
    ),
}

COMPANY_WORDS = (
    ("Golden", "Silver", "Royal", "Global", "United", "Eastern", "Western", "Northern",
     "Pacific", "Atlantic", "Baltic", "Star", "Sun", "Crescent", "Horizon", "Phoenix", "Lotus",
     "Dragon", "Eagle", "Falcon", "Ocean", "Desert", "Green", "Blue", "Red", "Prime", "Alpha",
     "Delta", "Orient", "Sahara", "Andes", "Shenzhen", "Guangzhou", "Dubai", "Lagos", "Odessa"),
    ("Trading", "General Trading", "Import Export", "Logistics", "Freight", "Shipping",
     "Transport", "Commodities", "Industries", "Enterprises", "Holdings", "Distribution",
     "Textiles", "Electronics", "Foods", "Chemicals", "Agro", "Marine", "Cargo", "Supplies"),
    ("LLC", "Ltd", "Co Ltd", "SA", "SARL", "GmbH", "FZE", "OOO", "Inc", "BV", "SRL", ""),
)


def person_name(rng: random.Random) -> tuple[str, str]:
    """(family name, given names) of one generated person; a third have two given names."""
    given_pool, family_pool = POOLS[rng.choice(sorted(POOLS))]
    given = rng.choice(given_pool)
    if rng.random() < 0.33:
        given += " " + rng.choice(given_pool)
    return rng.choice(family_pool), given


def company_name(rng: random.Random) -> str:
    """The legal name of one generated company."""
    first, activity, form = (rng.choice(words) for words in COMPANY_WORDS)
    second = rng.choice(COMPANY_WORDS[0])
    return " ".join(part for part in (first, second, activity, form) if part)


def distractors(count: int, *, seed: int = 4) -> list[tuple[str, str]]:
    """``count`` generated (family, given) names, the same for the same seed."""
    rng = random.Random(seed)
    return [person_name(rng) for _ in range(count)]


def distractor_companies(count: int, *, seed: int = 5) -> list[str]:
    """``count`` generated company names, the same for the same seed."""
    rng = random.Random(seed)
    return [company_name(rng) for _ in range(count)]
