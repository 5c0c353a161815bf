"""Hand-written facts about the first-level regions of Russia and Ukraine.

Read by scripts/build_gazetteer.py; nothing at runtime imports this module.

Codes are ISO 3166-2 as the standard has them: Crimea is UA-43 and Sevastopol UA-40 whatever
the current administration, and the Donetsk, Luhansk, Zaporizhzhia and Kherson oblasts stay UA.

Each REGIONS_TABLE row is ``code | Russian | Ukrainian | English name | capital ru/uk/en``;
a row ending in "|" goes on on the next line.
The capital's coordinates (also used as the region's centre point) and the GeoNames admin1
code of the region come from the GeoNames data at build time; ADMIN1_SEATS names another town
where the capital lies outside the region's own admin1 (Kyiv is its own city region).

COLLOQUIAL lists unambiguous colloquial names; deliberately left out as ambiguous:
Донбасс/Донбас (UA-14 and UA-09), Приазовье/Приазов'я (several regions), Поволжье, Урал,
Сибирь, Кавказ, Слобожанщина/Слобожанщина (Kharkiv + Sumy + Belgorod), Поділля (Vinnytsia +
Khmelnytskyi), Тавр(ия/ія) (Kherson + Zaporizhzhia + Crimea), Черноземье.
Decided: Зауралье → Kurgan Oblast (its regional nickname), Прикамье → Perm Krai,
Ямал → YaNAO, Югра → KhMAO, Кузбасс → Kemerovo Oblast, Кубань → Krasnodar Krai,
Буковина → Chernivtsi Oblast, Волынь/Волинь → Volyn Oblast, ДНР → UA-14, ЛНР → UA-09.
"""

from __future__ import annotations

REGIONS_TABLE = """
RU-AD  | Республика Адыгея | Республіка Адигея | Republic of Adygea | Майкоп/Майкоп/Maykop
RU-AL  | Республика Алтай | Республіка Алтай | Altai Republic |
    Горно-Алтайск/Горно-Алтайськ/Gorno-Altaysk
RU-ALT | Алтайский край | Алтайський край | Altai Krai | Барнаул/Барнаул/Barnaul
RU-AMU | Амурская область | Амурська область | Amur Oblast |
    Благовещенск/Благовєщенськ/Blagoveshchensk
RU-ARK | Архангельская область | Архангельська область | Arkhangelsk Oblast |
    Архангельск/Архангельськ/Arkhangelsk
RU-AST | Астраханская область | Астраханська область | Astrakhan Oblast |
    Астрахань/Астрахань/Astrakhan
RU-BA  | Республика Башкортостан | Республіка Башкортостан | Republic of Bashkortostan |
    Уфа/Уфа/Ufa
RU-BEL | Белгородская область | Бєлгородська область | Belgorod Oblast | Белгород/Бєлгород/Belgorod
RU-BRY | Брянская область | Брянська область | Bryansk Oblast | Брянск/Брянськ/Bryansk
RU-BU  | Республика Бурятия | Республіка Бурятія | Republic of Buryatia |
    Улан-Удэ/Улан-Уде/Ulan-Ude
RU-CE  | Чеченская Республика | Чеченська Республіка | Chechen Republic | Грозный/Грозний/Grozny
RU-CHE | Челябинская область | Челябінська область | Chelyabinsk Oblast |
    Челябинск/Челябінськ/Chelyabinsk
RU-CHU | Чукотский автономный округ | Чукотський автономний округ | Chukotka Autonomous Okrug |
    Анадырь/Анадир/Anadyr
RU-CU  | Чувашская Республика | Чуваська Республіка | Chuvash Republic |
    Чебоксары/Чебоксари/Cheboksary
RU-DA  | Республика Дагестан | Республіка Дагестан | Republic of Dagestan |
    Махачкала/Махачкала/Makhachkala
RU-IN  | Республика Ингушетия | Республіка Інгушетія | Republic of Ingushetia | Магас/Магас/Magas
RU-IRK | Иркутская область | Іркутська область | Irkutsk Oblast | Иркутск/Іркутськ/Irkutsk
RU-IVA | Ивановская область | Іванівська область | Ivanovo Oblast | Иваново/Іваново/Ivanovo
RU-KAM | Камчатский край | Камчатський край | Kamchatka Krai |
    Петропавловск-Камчатский/Петропавловськ-Камчатський/Petropavlovsk-Kamchatsky
RU-KB  | Кабардино-Балкарская Республика | Кабардино-Балкарська Республіка |
    Kabardino-Balkar Republic |
    Нальчик/Нальчик/Nalchik
RU-KC  | Карачаево-Черкесская Республика | Карачаєво-Черкеська Республіка |
    Karachay-Cherkess Republic |
    Черкесск/Черкеськ/Cherkessk
RU-KDA | Краснодарский край | Краснодарський край | Krasnodar Krai | Краснодар/Краснодар/Krasnodar
RU-KEM | Кемеровская область | Кемеровська область | Kemerovo Oblast | Кемерово/Кемерово/Kemerovo
RU-KGD | Калининградская область | Калінінградська область | Kaliningrad Oblast |
    Калининград/Калінінград/Kaliningrad
RU-KGN | Курганская область | Курганська область | Kurgan Oblast | Курган/Курган/Kurgan
RU-KHA | Хабаровский край | Хабаровський край | Khabarovsk Krai | Хабаровск/Хабаровськ/Khabarovsk
RU-KHM | Ханты-Мансийский автономный округ | Ханти-Мансійський автономний округ |
    Khanty-Mansi Autonomous Okrug |
    Ханты-Мансийск/Ханти-Мансійськ/Khanty-Mansiysk
RU-KIR | Кировская область | Кіровська область | Kirov Oblast | Киров/Кіров/Kirov
RU-KK  | Республика Хакасия | Республіка Хакасія | Republic of Khakassia | Абакан/Абакан/Abakan
RU-KL  | Республика Калмыкия | Республіка Калмикія | Republic of Kalmykia | Элиста/Еліста/Elista
RU-KLU | Калужская область | Калузька область | Kaluga Oblast | Калуга/Калуга/Kaluga
RU-KO  | Республика Коми | Республіка Комі | Komi Republic | Сыктывкар/Сиктивкар/Syktyvkar
RU-KOS | Костромская область | Костромська область | Kostroma Oblast | Кострома/Кострома/Kostroma
RU-KR  | Республика Карелия | Республіка Карелія | Republic of Karelia |
    Петрозаводск/Петрозаводськ/Petrozavodsk
RU-KRS | Курская область | Курська область | Kursk Oblast | Курск/Курськ/Kursk
RU-KYA | Красноярский край | Красноярський край | Krasnoyarsk Krai |
    Красноярск/Красноярськ/Krasnoyarsk
RU-LEN | Ленинградская область | Ленінградська область | Leningrad Oblast |
    Гатчина/Гатчина/Gatchina
RU-LIP | Липецкая область | Липецька область | Lipetsk Oblast | Липецк/Липецьк/Lipetsk
RU-MAG | Магаданская область | Магаданська область | Magadan Oblast | Магадан/Магадан/Magadan
RU-ME  | Республика Марий Эл | Республіка Марій Ел | Mari El Republic |
    Йошкар-Ола/Йошкар-Ола/Yoshkar-Ola
RU-MO  | Республика Мордовия | Республіка Мордовія | Republic of Mordovia |
    Саранск/Саранськ/Saransk
RU-MOS | Московская область | Московська область | Moscow Oblast |
    Красногорск/Красногорськ/Krasnogorsk
RU-MOW | Москва | Москва | Moscow | Москва/Москва/Moscow
RU-MUR | Мурманская область | Мурманська область | Murmansk Oblast | Мурманск/Мурманськ/Murmansk
RU-NEN | Ненецкий автономный округ | Ненецький автономний округ | Nenets Autonomous Okrug |
    Нарьян-Мар/Нар'ян-Мар/Naryan-Mar
RU-NGR | Новгородская область | Новгородська область | Novgorod Oblast |
    Великий Новгород/Великий Новгород/Veliky Novgorod
RU-NIZ | Нижегородская область | Нижньогородська область | Nizhny Novgorod Oblast |
    Нижний Новгород/Нижній Новгород/Nizhny Novgorod
RU-NVS | Новосибирская область | Новосибірська область | Novosibirsk Oblast |
    Новосибирск/Новосибірськ/Novosibirsk
RU-OMS | Омская область | Омська область | Omsk Oblast | Омск/Омськ/Omsk
RU-ORE | Оренбургская область | Оренбурзька область | Orenburg Oblast | Оренбург/Оренбург/Orenburg
RU-ORL | Орловская область | Орловська область | Oryol Oblast | Орёл/Орел/Oryol
RU-PER | Пермский край | Пермський край | Perm Krai | Пермь/Перм/Perm
RU-PNZ | Пензенская область | Пензенська область | Penza Oblast | Пенза/Пенза/Penza
RU-PRI | Приморский край | Приморський край | Primorsky Krai | Владивосток/Владивосток/Vladivostok
RU-PSK | Псковская область | Псковська область | Pskov Oblast | Псков/Псков/Pskov
RU-ROS | Ростовская область | Ростовська область | Rostov Oblast |
    Ростов-на-Дону/Ростов-на-Дону/Rostov-on-Don
RU-RYA | Рязанская область | Рязанська область | Ryazan Oblast | Рязань/Рязань/Ryazan
RU-SA  | Республика Саха (Якутия) | Республіка Саха (Якутія) | Sakha Republic |
    Якутск/Якутськ/Yakutsk
RU-SAK | Сахалинская область | Сахалінська область | Sakhalin Oblast |
    Южно-Сахалинск/Южно-Сахалінськ/Yuzhno-Sakhalinsk
RU-SAM | Самарская область | Самарська область | Samara Oblast | Самара/Самара/Samara
RU-SAR | Саратовская область | Саратовська область | Saratov Oblast | Саратов/Саратов/Saratov
RU-SE  | Республика Северная Осетия — Алания | Республіка Північна Осетія — Аланія |
    Republic of North Ossetia–Alania |
    Владикавказ/Владикавказ/Vladikavkaz
RU-SMO | Смоленская область | Смоленська область | Smolensk Oblast | Смоленск/Смоленськ/Smolensk
RU-SPE | Санкт-Петербург | Санкт-Петербург | Saint Petersburg |
    Санкт-Петербург/Санкт-Петербург/Saint Petersburg
RU-STA | Ставропольский край | Ставропольський край | Stavropol Krai |
    Ставрополь/Ставрополь/Stavropol
RU-SVE | Свердловская область | Свердловська область | Sverdlovsk Oblast |
    Екатеринбург/Єкатеринбург/Yekaterinburg
RU-TA  | Республика Татарстан | Республіка Татарстан | Republic of Tatarstan | Казань/Казань/Kazan
RU-TAM | Тамбовская область | Тамбовська область | Tambov Oblast | Тамбов/Тамбов/Tambov
RU-TOM | Томская область | Томська область | Tomsk Oblast | Томск/Томськ/Tomsk
RU-TUL | Тульская область | Тульська область | Tula Oblast | Тула/Тула/Tula
RU-TVE | Тверская область | Тверська область | Tver Oblast | Тверь/Твер/Tver
RU-TY  | Республика Тыва | Республіка Тива | Tuva Republic | Кызыл/Кизил/Kyzyl
RU-TYU | Тюменская область | Тюменська область | Tyumen Oblast | Тюмень/Тюмень/Tyumen
RU-UD  | Удмуртская Республика | Удмуртська Республіка | Udmurt Republic | Ижевск/Іжевськ/Izhevsk
RU-ULY | Ульяновская область | Ульяновська область | Ulyanovsk Oblast |
    Ульяновск/Ульяновськ/Ulyanovsk
RU-VGG | Волгоградская область | Волгоградська область | Volgograd Oblast |
    Волгоград/Волгоград/Volgograd
RU-VLA | Владимирская область | Владимирська область | Vladimir Oblast | Владимир/Владимир/Vladimir
RU-VLG | Вологодская область | Вологодська область | Vologda Oblast | Вологда/Вологда/Vologda
RU-VOR | Воронежская область | Воронезька область | Voronezh Oblast | Воронеж/Воронеж/Voronezh
RU-YAN | Ямало-Ненецкий автономный округ | Ямало-Ненецький автономний округ |
    Yamalo-Nenets Autonomous Okrug |
    Салехард/Салехард/Salekhard
RU-YAR | Ярославская область | Ярославська область | Yaroslavl Oblast |
    Ярославль/Ярославль/Yaroslavl
RU-YEV | Еврейская автономная область | Єврейська автономна область | Jewish Autonomous Oblast |
    Биробиджан/Біробіджан/Birobidzhan
RU-ZAB | Забайкальский край | Забайкальський край | Zabaykalsky Krai | Чита/Чита/Chita
UA-05  | Винницкая область | Вінницька область | Vinnytsia Oblast | Винница/Вінниця/Vinnytsia
UA-07  | Волынская область | Волинська область | Volyn Oblast | Луцк/Луцьк/Lutsk
UA-09  | Луганская область | Луганська область | Luhansk Oblast | Луганск/Луганськ/Luhansk
UA-12  | Днепропетровская область | Дніпропетровська область | Dnipropetrovsk Oblast |
    Днепр/Дніпро/Dnipro
UA-14  | Донецкая область | Донецька область | Donetsk Oblast | Донецк/Донецьк/Donetsk
UA-18  | Житомирская область | Житомирська область | Zhytomyr Oblast | Житомир/Житомир/Zhytomyr
UA-21  | Закарпатская область | Закарпатська область | Zakarpattia Oblast |
    Ужгород/Ужгород/Uzhhorod
UA-23  | Запорожская область | Запорізька область | Zaporizhzhia Oblast |
    Запорожье/Запоріжжя/Zaporizhzhia
UA-26  | Ивано-Франковская область | Івано-Франківська область | Ivano-Frankivsk Oblast |
    Ивано-Франковск/Івано-Франківськ/Ivano-Frankivsk
UA-30  | Киев | Київ | Kyiv | Киев/Київ/Kyiv
UA-32  | Киевская область | Київська область | Kyiv Oblast | Киев/Київ/Kyiv
UA-35  | Кировоградская область | Кіровоградська область | Kirovohrad Oblast |
    Кропивницкий/Кропивницький/Kropyvnytskyi
UA-40  | Севастополь | Севастополь | Sevastopol | Севастополь/Севастополь/Sevastopol
UA-43  | Республика Крым | Автономна Республіка Крим | Autonomous Republic of Crimea |
    Симферополь/Сімферополь/Simferopol
UA-46  | Львовская область | Львівська область | Lviv Oblast | Львов/Львів/Lviv
UA-48  | Николаевская область | Миколаївська область | Mykolaiv Oblast | Николаев/Миколаїв/Mykolaiv
UA-51  | Одесская область | Одеська область | Odesa Oblast | Одесса/Одеса/Odesa
UA-53  | Полтавская область | Полтавська область | Poltava Oblast | Полтава/Полтава/Poltava
UA-56  | Ровненская область | Рівненська область | Rivne Oblast | Ровно/Рівне/Rivne
UA-59  | Сумская область | Сумська область | Sumy Oblast | Сумы/Суми/Sumy
UA-61  | Тернопольская область | Тернопільська область | Ternopil Oblast |
    Тернополь/Тернопіль/Ternopil
UA-63  | Харьковская область | Харківська область | Kharkiv Oblast | Харьков/Харків/Kharkiv
UA-65  | Херсонская область | Херсонська область | Kherson Oblast | Херсон/Херсон/Kherson
UA-68  | Хмельницкая область | Хмельницька область | Khmelnytskyi Oblast |
    Хмельницкий/Хмельницький/Khmelnytskyi
UA-71  | Черкасская область | Черкаська область | Cherkasy Oblast | Черкассы/Черкаси/Cherkasy
UA-74  | Черниговская область | Чернігівська область | Chernihiv Oblast |
    Чернигов/Чернігів/Chernihiv
UA-77  | Черновицкая область | Чернівецька область | Chernivtsi Oblast |
    Черновцы/Чернівці/Chernivtsi
"""

# The capital lies outside the region's GeoNames admin1 (or is not in the data under that name):
# another town of the region is looked up to learn the admin1 code.
ADMIN1_SEATS: dict[str, str] = {
    "UA-32": "Bila Tserkva",
}

# Other names of a region, any language, nominative; the build inflects them.
# Short republic names and city-region names come first, colloquial names after.
COLLOQUIAL: dict[str, list[str]] = {
    "RU-AD": ["Адыгея", "Адигея", "Adygea"],
    "RU-AL": ["Республика Алтай", "Горный Алтай", "Altai Republic"],
    "RU-ALT": ["Алтайский край", "Altai Krai", "Altay Krai"],
    "RU-BA": ["Башкирия", "Башкортостан", "Башкирія", "Bashkiria", "Bashkortostan"],
    "RU-BEL": ["Белгородчина", "Белгородщина", "Бєлгородщина", "Білгородщина"],
    "RU-BRY": ["Брянщина", "Брянщина"],
    "RU-BU": ["Бурятия", "Бурятія", "Buryatia"],
    "RU-CE": ["Чечня", "Чечня", "Chechnya", "Ичкерия", "Ічкерія"],
    "RU-CHU": ["Чукотка", "Chukotka"],
    "RU-CU": ["Чувашия", "Чувашія", "Chuvashia"],
    "RU-DA": ["Дагестан", "Dagestan"],
    "RU-IN": ["Ингушетия", "Інгушетія", "Ingushetia"],
    "RU-KAM": ["Камчатка", "Kamchatka"],
    "RU-KB": ["Кабардино-Балкария", "Кабардино-Балкарія", "Kabardino-Balkaria"],
    "RU-KC": ["Карачаево-Черкесия", "Карачаєво-Черкесія", "Karachay-Cherkessia"],
    "RU-KDA": ["Кубань", "Кубань", "Kuban", "Krasnodar Territory"],
    "RU-KEM": ["Кузбасс", "Кузбас", "Kuzbass"],
    "RU-KGN": ["Зауралье", "Зауралля"],
    "RU-KHM": ["Югра", "Югра", "Yugra", "Ugra", "ХМАО"],
    "RU-KK": ["Хакасия", "Хакасія", "Khakassia"],
    "RU-KL": ["Калмыкия", "Калмикія", "Kalmykia"],
    "RU-KLU": ["Калужчина", "Калужчина"],
    "RU-KO": ["Коми", "Komi"],
    "RU-KR": ["Карелия", "Карелія", "Karelia"],
    "RU-KRS": ["Курщина", "Курщина"],
    "RU-LEN": ["Ленобласть", "Ленінградщина"],
    "RU-ME": ["Марий Эл", "Марій Ел", "Mari El"],
    "RU-MO": ["Мордовия", "Мордовія", "Mordovia"],
    "RU-MOS": ["Подмосковье", "Підмосков'я", "Moscow Region"],
    "RU-MOW": ["Москва", "Moskva"],
    "RU-NEN": ["НАО"],
    "RU-ORL": ["Орловщина", "Орловщина"],
    "RU-PER": ["Прикамье", "Прикам'я"],
    "RU-PRI": ["Приморье", "Примор'я", "Primorye"],
    "RU-PSK": ["Псковщина", "Псковщина"],
    "RU-ROS": ["Ростовщина"],
    "RU-RYA": ["Рязанщина", "Рязанщина"],
    "RU-SA": ["Якутия", "Якутія", "Yakutia", "Республика Саха"],
    "RU-SE": ["Северная Осетия", "Північна Осетія", "North Ossetia"],
    "RU-SMO": ["Смоленщина", "Смоленщина"],
    "RU-SPE": [
        "Петербург",
        "Питер",
        "Санкт-Петербург",
        "СПб",
        "Петербург",
        "St Petersburg",
        "St. Petersburg",
        "Saint Petersburg",
    ],
    "RU-STA": ["Ставрополье", "Ставропілля"],
    "RU-TA": ["Татарстан", "Tatarstan"],
    "RU-TAM": ["Тамбовщина", "Тамбовщина"],
    "RU-TVE": ["Тверская область", "Тверщина"],
    "RU-TY": ["Тыва", "Тува", "Тува", "Tuva", "Tyva"],
    "RU-UD": ["Удмуртия", "Удмуртія", "Udmurtia"],
    "RU-VOR": ["Воронежчина", "Воронежчина"],
    "RU-YAN": ["Ямал", "Ямал", "Yamal", "ЯНАО"],
    "RU-YEV": ["ЕАО"],
    "RU-ZAB": ["Забайкалье", "Забайкалля"],
    "UA-05": ["Винничина", "Вінниччина", "Vinnytsia region"],
    "UA-07": ["Волынь", "Волинь", "Volyn"],
    "UA-09": ["Луганщина", "Луганщина", "ЛНР", "ЛНР", "Luhanshchyna"],
    "UA-12": ["Днепропетровщина", "Дніпропетровщина", "Днепропетровщина", "Дніпропетровщина"],
    "UA-14": ["Донетчина", "Донеччина", "ДНР", "Donechchyna"],
    "UA-18": ["Житомирщина", "Житомирщина"],
    "UA-21": ["Закарпатье", "Закарпаття", "Transcarpathia"],
    "UA-23": ["Запорожская область", "Запоріжжя область"],
    "UA-26": ["Прикарпатье", "Прикарпаття", "Івано-Франківщина", "Ивано-Франковщина"],
    "UA-30": ["Kiev"],
    "UA-32": ["Киевщина", "Київщина"],
    "UA-35": ["Кировоградщина", "Кіровоградщина"],
    "UA-40": ["Sebastopol"],
    "UA-43": ["Крым", "Крим", "Crimea", "Республика Крым", "Krym"],
    "UA-46": ["Львовщина", "Львівщина"],
    "UA-48": ["Николаевщина", "Миколаївщина"],
    "UA-51": ["Одесщина", "Одещина", "Odesa region", "Odessa region", "Odessa Oblast"],
    "UA-53": ["Полтавщина", "Полтавщина"],
    "UA-56": ["Ровенщина", "Рівненщина"],
    "UA-59": ["Сумщина", "Сумщина"],
    "UA-61": ["Тернопольщина", "Тернопільщина"],
    "UA-63": ["Харьковщина", "Харківщина", "Kharkov Oblast", "Kharkov region"],
    "UA-65": ["Херсонщина", "Херсонщина"],
    "UA-68": ["Хмельнитчина", "Хмельниччина"],
    "UA-71": ["Черкасщина", "Черкащина"],
    "UA-74": ["Черниговщина", "Чернігівщина"],
    "UA-77": ["Буковина", "Буковина", "Bukovyna", "Bukovina"],
}

# Other spellings of capitals and big cities that GeoNames may lack; any language.
CITY_VARIANTS: dict[str, list[str]] = {
    "Kyiv": ["Kiev", "Киев", "Київ"],
    "Odesa": ["Odessa", "Одесса", "Одеса"],
    "Kharkiv": ["Kharkov", "Харьков"],
    "Mykolaiv": ["Nikolaev", "Nikolayev", "Николаев"],
    "Dnipro": ["Dnepr", "Днепр", "Днепропетровск"],
    "Zaporizhzhia": ["Zaporozhye", "Zaporizhia", "Запорожье"],
    "Luhansk": ["Lugansk", "Луганск"],
    "Kropyvnytskyi": ["Kirovohrad", "Кировоград"],
    "Saint Petersburg": ["St Petersburg", "St. Petersburg", "Petersburg"],
    "Rostov-on-Don": ["Rostov", "Ростов"],
    "Oryol": ["Orel", "Orjol"],
    "Kryvyy Rih": ["Kryvyi Rih", "Krivoy Rog", "Кривой Рог", "Кривий Ріг", "Кривому Розі",
                   "Кривім Розі"],
    # Ukrainian locatives with the consonant that alternates (г → з, ч → ч + і), which the
    # dictionaries do not know for these names: «у Таганрозі», «у Новому Бузі», «у Бахмачі»
    "Taganrog": ["Таганрозі"],
    "Novyy Buh": ["Новому Бузі"],
    "Bakhmach": ["Бахмачі"],
    "Kupyansk": ["Kupiansk", "Куп'янськ", "Купянск"],
    "Engels": ["Энгельс"],
}

# Places that are not settlements in GeoNames but are named as places in incident reports:
# (Russian name, Ukrainian name, English name, ISO region, lat, lon).
# Towns GeoNames names by another name than their own: Lgov (Kursk oblast) is «L'govskiy»
# there, so its Russian name came out as the district's adjective «Льговский».
# And the other way: Kropyvnytskyi's city district Подільський район is «Podilsk» there, the
# name of Odesa oblast's town (whose name the district then loses: build_gazetteer.py).
SHOWN_NAMES: dict[tuple[str, str], str] = {
    ("RU-KRS", "Льговский"): "Льгов",
    ("UA-35", "Подільськ"): "Подільський район",
}

EXTRA_PLACES: list[tuple[str, str, str, str, float, float]] = [
    ("Шереметьево", "Шереметьєво", "Sheremetyevo", "RU-MOS", 55.9726, 37.4146),
    ("Пулково", "Пулково", "Pulkovo", "RU-SPE", 59.8003, 30.2625),
]
