"""Demo content drawn from the facts of the pages the portal replaces (../shared/seeds).

Names, places, dates, figures and agendas are facts from those pages; every sentence
here is written for this portal. Times of day are not in the sources: webinars are
placed at 09:00–11:00 in New York, where the office that ran them sits.
"""

CLUSTERS = [
    {
        "slug": "transport",
        "colour": "blue",
        "icon": "bus",
        "name": "Sustainable Transport & Air Quality",
        "short_name": "Transport",
        "order": 1,
        "intro": (
            "Cities of the Global South comparing notes on cleaner, safer and better-connected transport, "
            "and on cutting the emissions and air pollution that traffic brings."
        ),
        "description": (
            "<p>Transport decides who can reach a job, a clinic or a market, and it is one of the largest "
            "sources of greenhouse gases and dirty air in growing cities. Many cities in developing countries "
            "still rely on fleets and networks that are neither efficient, clean nor safe enough.</p>"
            "<p>This cluster links city governments, transport agencies, companies and researchers that are "
            "moving towards electric and low-carbon mobility, smarter traffic management and better public "
            "transport. Members share what has worked for them, take part in pilot projects with UN agencies, "
            "and find partners in other cities facing the same problems.</p>"
            "<p>The cluster also gathers good practice in South-South cooperation on transport and air quality "
            "and makes it available to cities inside and beyond the network.</p>"
        ),
        "hero_caption": "A zero-emission bus in São Paulo, part of the ZEBRA rapid-deployment initiative",
        "hero_credit": "Cities Project (placeholder image)",
    },
    {
        "slug": "waste",
        "colour": "green",
        "icon": "recycle",
        "name": "Sustainable Waste Management",
        "short_name": "Waste",
        "order": 2,
        "intro": "Collecting, sorting, recycling and disposing of waste in ways that growing cities can afford and sustain.",
        "description": "<p>Members exchange approaches to solid-waste services, recycling and the clean-up of land and waterways.</p>",
    },
    {
        "slug": "drr",
        "colour": "rust",
        "icon": "umbrella",
        "name": "Disaster Risk Reduction",
        "short_name": "DRR",
        "order": 3,
        "intro": "Preparing cities and communities for floods, heatwaves, earthquakes and other shocks, and recovering well.",
        "description": "<p>Members share risk assessments, early-warning practice and community-based resilience work.</p>",
    },
    {
        "slug": "e-commerce",
        "colour": "indigo",
        "icon": "shopping-cart",
        "name": "E-commerce & Logistics",
        "short_name": "E-commerce",
        "order": 4,
        "intro": "Helping local businesses reach buyers online and move goods efficiently between cities and across borders.",
        "description": "<p>Members compare digital trade platforms, logistics hubs and the skills small firms need to sell online.</p>",
    },
    {
        "slug": "tourism",
        "colour": "ochre",
        "icon": "plane",
        "name": "Sustainable Tourism",
        "short_name": "Tourism",
        "order": 5,
        "intro": "Tourism that protects heritage and nature and leaves more of its income with local people.",
        "description": "<p>Members work on heritage cities, community tourism and recovering visitor economies.</p>",
    },
    {
        "slug": "covid-19",
        "colour": "magenta",
        "icon": "virus",
        "name": "COVID-19 Response and Recovery",
        "short_name": "COVID-19",
        "order": 6,
        "intro": "What cities and regions learned responding to the pandemic, and how they are rebuilding.",
        "description": "<p>Members document local responses to COVID-19 and share recovery practice.</p>",
    },
]

# The clusters' names, short names and intros in the portal's other languages, written for this
# portal from the English above. `load_demo` fills any of these a database still lacks.
CLUSTER_TRANSLATIONS = {
    "transport": {
        "es": {
            "name": "Transporte sostenible y calidad del aire",
            "short_name": "Transporte",
            "intro": (
                "Ciudades del Sur Global que comparan experiencias para lograr un transporte más limpio, seguro y "
                "mejor conectado, y para reducir las emisiones y la contaminación del aire que genera el tráfico."
            ),
        },
        "fr": {
            "name": "Transport durable et qualité de l’air",
            "short_name": "Transport",
            "intro": (
                "Des villes du Sud global comparent leurs expériences pour des transports plus propres, plus sûrs "
                "et mieux reliés, et pour réduire les émissions et la pollution de l’air dues à la circulation."
            ),
        },
        "pt": {
            "name": "Transporte sustentável e qualidade do ar",
            "short_name": "Transporte",
            "intro": (
                "Cidades do Sul Global trocam experiências sobre transportes mais limpos, seguros e bem conectados, "
                "e sobre como reduzir as emissões e a poluição do ar causadas pelo trânsito."
            ),
        },
        "zh-hans": {
            "name": "可持续交通与空气质量",
            "short_name": "交通",
            "intro": "全球南方城市就更清洁、更安全、连接更便利的交通交流经验，并探讨如何减少交通带来的排放和空气污染。",
        },
        "ar": {
            "name": "النقل المستدام وجودة الهواء",
            "short_name": "النقل",
            "intro": (
                "مدن من بلدان الجنوب تتبادل الخبرات من أجل نقل أنظف وأكثر أمانًا وترابطًا، "
                "وللحدّ من الانبعاثات وتلوث الهواء الناجمين عن حركة المرور."
            ),
        },
        "ru": {
            "name": "Устойчивый транспорт и качество воздуха",
            "short_name": "Транспорт",
            "intro": (
                "Города Глобального Юга обмениваются опытом создания более чистого, безопасного и удобного "
                "транспорта и сокращения выбросов и загрязнения воздуха от дорожного движения."
            ),
        },
    },
    "waste": {
        "es": {
            "name": "Gestión sostenible de residuos",
            "short_name": "Residuos",
            "intro": (
                "Recoger, clasificar, reciclar y eliminar los residuos de maneras que las ciudades en crecimiento "
                "puedan costear y mantener."
            ),
        },
        "fr": {
            "name": "Gestion durable des déchets",
            "short_name": "Déchets",
            "intro": (
                "Collecter, trier, recycler et éliminer les déchets d’une manière que les villes en croissance "
                "peuvent financer et maintenir dans la durée."
            ),
        },
        "pt": {
            "name": "Gestão sustentável de resíduos",
            "short_name": "Resíduos",
            "intro": (
                "Coletar, separar, reciclar e destinar os resíduos de formas que as cidades em crescimento possam "
                "custear e manter ao longo do tempo."
            ),
        },
        "zh-hans": {
            "name": "可持续废弃物管理",
            "short_name": "废弃物",
            "intro": "以发展中城市负担得起、能够长期维持的方式收集、分类、回收和处置废弃物。",
        },
        "ar": {
            "name": "الإدارة المستدامة للنفايات",
            "short_name": "النفايات",
            "intro": "جمع النفايات وفرزها وإعادة تدويرها والتخلص منها بطرق تستطيع المدن النامية تحمّل كلفتها والاستمرار فيها.",
        },
        "ru": {
            "name": "Устойчивое обращение с отходами",
            "short_name": "Отходы",
            "intro": (
                "Сбор, сортировка, переработка и утилизация отходов такими способами, которые растущие города "
                "могут себе позволить и поддерживать."
            ),
        },
    },
    "drr": {
        "es": {
            "name": "Reducción del riesgo de desastres",
            "short_name": "RRD",
            "intro": (
                "Preparar a las ciudades y comunidades ante inundaciones, olas de calor, terremotos y otras crisis, "
                "y recuperarse bien después."
            ),
        },
        "fr": {
            "name": "Réduction des risques de catastrophe",
            "short_name": "RRC",
            "intro": (
                "Préparer les villes et les communautés aux inondations, aux vagues de chaleur, aux séismes et à "
                "d’autres chocs, et bien s’en relever."
            ),
        },
        "pt": {
            "name": "Redução do risco de desastres",
            "short_name": "RRD",
            "intro": (
                "Preparar cidades e comunidades para enchentes, ondas de calor, terremotos e outros choques, "
                "e para se recuperarem bem."
            ),
        },
        "zh-hans": {
            "name": "减少灾害风险",
            "short_name": "减灾",
            "intro": "帮助城市和社区防范洪水、热浪、地震等冲击，并在灾后实现良好恢复。",
        },
        "ar": {
            "name": "الحدّ من مخاطر الكوارث",
            "short_name": "الحدّ من المخاطر",
            "intro": (
                "إعداد المدن والمجتمعات المحلية لمواجهة الفيضانات وموجات الحر والزلازل وغيرها من الصدمات، "
                "والتعافي منها على نحو جيد."
            ),
        },
        "ru": {
            "name": "Снижение риска бедствий",
            "short_name": "СРБ",
            "intro": (
                "Подготовка городов и местных сообществ к наводнениям, волнам жары, землетрясениям и другим "
                "потрясениям, а также к успешному восстановлению после них."
            ),
        },
    },
    "e-commerce": {
        "es": {
            "name": "Comercio electrónico y logística",
            "short_name": "Comercio electrónico",
            "intro": (
                "Ayudar a las empresas locales a llegar a compradores en línea y a mover mercancías de forma "
                "eficiente entre ciudades y a través de las fronteras."
            ),
        },
        "fr": {
            "name": "Commerce électronique et logistique",
            "short_name": "Commerce en ligne",
            "intro": (
                "Aider les entreprises locales à trouver des acheteurs en ligne et à acheminer efficacement leurs "
                "marchandises d’une ville à l’autre et au-delà des frontières."
            ),
        },
        "pt": {
            "name": "Comércio eletrônico e logística",
            "short_name": "Comércio eletrônico",
            "intro": (
                "Ajudar empresas locais a alcançar compradores on-line e a transportar mercadorias com eficiência "
                "entre cidades e além das fronteiras."
            ),
        },
        "zh-hans": {
            "name": "电子商务与物流",
            "short_name": "电子商务",
            "intro": "帮助本地企业在网上触达买家，并在城市之间和跨境高效运送货物。",
        },
        "ar": {
            "name": "التجارة الإلكترونية والخدمات اللوجستية",
            "short_name": "التجارة الإلكترونية",
            "intro": "مساعدة الشركات المحلية على الوصول إلى المشترين عبر الإنترنت ونقل البضائع بكفاءة بين المدن وعبر الحدود.",
        },
        "ru": {
            "name": "Электронная торговля и логистика",
            "short_name": "Электронная торговля",
            "intro": (
                "Помощь местным предприятиям в поиске покупателей в интернете и эффективной доставке товаров "
                "между городами и через границы."
            ),
        },
    },
    "tourism": {
        "es": {
            "name": "Turismo sostenible",
            "short_name": "Turismo",
            "intro": (
                "Un turismo que protege el patrimonio y la naturaleza y deja una mayor parte de sus ingresos en "
                "manos de la población local."
            ),
        },
        "fr": {
            "name": "Tourisme durable",
            "short_name": "Tourisme",
            "intro": (
                "Un tourisme qui protège le patrimoine et la nature et laisse une plus grande part de ses revenus "
                "aux populations locales."
            ),
        },
        "pt": {
            "name": "Turismo sustentável",
            "short_name": "Turismo",
            "intro": (
                "Um turismo que protege o patrimônio e a natureza e deixa uma parte maior da sua renda com a "
                "população local."
            ),
        },
        "zh-hans": {
            "name": "可持续旅游",
            "short_name": "旅游",
            "intro": "保护遗产与自然、让更多旅游收入留在当地居民手中的旅游业。",
        },
        "ar": {
            "name": "السياحة المستدامة",
            "short_name": "السياحة",
            "intro": "سياحة تحمي التراث والطبيعة وتُبقي قدرًا أكبر من عائداتها في أيدي السكان المحليين.",
        },
        "ru": {
            "name": "Устойчивый туризм",
            "short_name": "Туризм",
            "intro": "Туризм, который бережёт наследие и природу и оставляет большую часть доходов местным жителям.",
        },
    },
    "covid-19": {
        "es": {
            "name": "Respuesta y recuperación ante la COVID-19",
            "short_name": "COVID-19",
            "intro": (
                "Lo que las ciudades y regiones aprendieron al responder a la pandemia, y cómo se están reconstruyendo."
            ),
        },
        "fr": {
            "name": "Riposte à la COVID-19 et relèvement",
            "short_name": "COVID-19",
            "intro": (
                "Ce que les villes et les régions ont appris en faisant face à la pandémie, et comment elles se "
                "reconstruisent."
            ),
        },
        "pt": {
            "name": "Resposta e recuperação da COVID-19",
            "short_name": "COVID-19",
            "intro": "O que cidades e regiões aprenderam ao responder à pandemia e como estão se reconstruindo.",
        },
        "zh-hans": {
            "name": "新冠肺炎应对与复苏",
            "short_name": "新冠肺炎",
            "intro": "各城市和地区在应对疫情中汲取的经验，以及它们如何开展重建。",
        },
        "ar": {
            "name": "الاستجابة لجائحة كوفيد-19 والتعافي منها",
            "short_name": "كوفيد-19",
            "intro": "ما تعلّمته المدن والأقاليم من الاستجابة للجائحة، وكيف تعيد البناء.",
        },
        "ru": {
            "name": "Меры в связи с COVID-19 и восстановление",
            "short_name": "COVID-19",
            "intro": "Чему научились города и регионы, борясь с пандемией, и как они восстанавливаются.",
        },
    },
}

# The short descriptions of the five smaller clusters, in the same languages.
CLUSTER_DESCRIPTION_TRANSLATIONS = {
    "waste": {
        "es": (
            "<p>Los miembros intercambian enfoques sobre los servicios de residuos sólidos, el reciclaje y la "
            "limpieza de suelos y cursos de agua.</p>"
        ),
        "fr": (
            "<p>Les membres échangent leurs approches des services de gestion des déchets solides, du recyclage "
            "et de l’assainissement des sols et des cours d’eau.</p>"
        ),
        "pt": (
            "<p>Os membros trocam abordagens sobre serviços de resíduos sólidos, reciclagem e a limpeza de "
            "terrenos e cursos d’água.</p>"
        ),
        "zh-hans": "<p>成员们交流固体废弃物服务、回收利用以及土地和水道清理方面的做法。</p>",
        "ar": "<p>يتبادل الأعضاء مقارباتهم في خدمات النفايات الصلبة وإعادة التدوير وتنظيف الأراضي والمجاري المائية.</p>",
        "ru": (
            "<p>Участники обмениваются подходами к вывозу твёрдых отходов, их переработке и очистке земель "
            "и водоёмов.</p>"
        ),
    },
    "drr": {
        "es": (
            "<p>Los miembros comparten evaluaciones de riesgos, prácticas de alerta temprana y trabajo de "
            "resiliencia basado en las comunidades.</p>"
        ),
        "fr": (
            "<p>Les membres partagent leurs évaluations des risques, leurs pratiques d’alerte précoce et leurs "
            "actions de résilience menées avec les communautés.</p>"
        ),
        "pt": (
            "<p>Os membros compartilham avaliações de risco, práticas de alerta precoce e trabalhos de "
            "resiliência baseados nas comunidades.</p>"
        ),
        "zh-hans": "<p>成员们分享风险评估、早期预警实践以及以社区为基础的韧性建设工作。</p>",
        "ar": (
            "<p>يتبادل الأعضاء تقييمات المخاطر وممارسات الإنذار المبكر وأعمال بناء القدرة على الصمود "
            "القائمة على المجتمعات المحلية.</p>"
        ),
        "ru": (
            "<p>Участники делятся оценками рисков, опытом раннего оповещения и работой по повышению "
            "устойчивости на уровне местных сообществ.</p>"
        ),
    },
    "e-commerce": {
        "es": (
            "<p>Los miembros comparan plataformas de comercio digital, centros logísticos y las competencias "
            "que necesitan las pequeñas empresas para vender en línea.</p>"
        ),
        "fr": (
            "<p>Les membres comparent les plateformes de commerce numérique, les pôles logistiques et les "
            "compétences dont les petites entreprises ont besoin pour vendre en ligne.</p>"
        ),
        "pt": (
            "<p>Os membros comparam plataformas de comércio digital, centros logísticos e as competências de "
            "que as pequenas empresas precisam para vender on-line.</p>"
        ),
        "zh-hans": "<p>成员们比较数字贸易平台、物流枢纽，以及小企业开展网上销售所需的技能。</p>",
        "ar": (
            "<p>يقارن الأعضاء منصات التجارة الرقمية والمراكز اللوجستية والمهارات التي تحتاجها الشركات "
            "الصغيرة للبيع عبر الإنترنت.</p>"
        ),
        "ru": (
            "<p>Участники сравнивают платформы цифровой торговли, логистические центры и навыки, необходимые "
            "малым предприятиям для продаж в интернете.</p>"
        ),
    },
    "tourism": {
        "es": (
            "<p>Los miembros trabajan en ciudades patrimoniales, turismo comunitario y la recuperación de las "
            "economías turísticas.</p>"
        ),
        "fr": (
            "<p>Les membres travaillent sur les villes patrimoniales, le tourisme communautaire et la relance "
            "des économies touristiques.</p>"
        ),
        "pt": (
            "<p>Os membros trabalham com cidades históricas, turismo comunitário e a recuperação das economias "
            "do turismo.</p>"
        ),
        "zh-hans": "<p>成员们致力于历史文化名城保护、社区旅游以及旅游经济的复苏。</p>",
        "ar": "<p>يعمل الأعضاء على مدن التراث والسياحة المجتمعية وإنعاش الاقتصادات القائمة على الزوار.</p>",
        "ru": (
            "<p>Участники занимаются историческими городами, общинным туризмом и восстановлением туристической "
            "экономики.</p>"
        ),
    },
    "covid-19": {
        "es": (
            "<p>Los miembros documentan las respuestas locales a la COVID-19 y comparten prácticas de recuperación.</p>"
        ),
        "fr": (
            "<p>Les membres documentent les réponses locales à la COVID-19 et partagent leurs pratiques de "
            "relèvement.</p>"
        ),
        "pt": "<p>Os membros documentam as respostas locais à COVID-19 e compartilham práticas de recuperação.</p>",
        "zh-hans": "<p>成员们记录地方应对新冠肺炎疫情的做法，并分享复苏经验。</p>",
        "ar": "<p>يوثّق الأعضاء الاستجابات المحلية لجائحة كوفيد-19 ويتبادلون ممارسات التعافي.</p>",
        "ru": "<p>Участники описывают местные меры реагирования на COVID-19 и делятся опытом восстановления.</p>",
    },
}
for _slug, _languages in CLUSTER_DESCRIPTION_TRANSLATIONS.items():
    for _language, _text in _languages.items():
        CLUSTER_TRANSLATIONS[_slug][_language]["description"] = _text

# The figures in each cluster's intro: no number is invented, each is counted from the members
# below (`cluster_figures`). Labels: (English for one, English for more, then the other languages).
FIGURE_LABELS = {
    "places": (
        "member city or district",
        "member cities and districts",
        {
            "es": "ciudades y distritos miembros",
            "fr": "villes et districts membres",
            "pt": "cidades e distritos membros",
            "zh-hans": "成员城市和地区",
            "ar": "مدن ومقاطعات أعضاء",
            "ru": "города и районы — участники",
        },
    ),
    "partners": (
        "partner organisation",
        "partner organisations",
        {
            "es": "organizaciones asociadas",
            "fr": "organisations partenaires",
            "pt": "organizações parceiras",
            "zh-hans": "合作机构",
            "ar": "منظمات شريكة",
            "ru": "организации-партнёры",
        },
    ),
    "countries": (
        "country",
        "countries",
        {"es": "países", "fr": "pays", "pt": "países", "zh-hans": "国家", "ar": "دول", "ru": "страны"},
    ),
}


def cluster_figures(slug):
    """[(value, {language: label})] for the cluster's intro: its member cities and districts, its
    other member organisations and their countries, as counted in MEMBERS; a zero is left out."""
    members = [member for member in MEMBERS if any(cluster == slug for cluster, _featured in member["clusters"])]
    places = sum(member["kind"] in ("city", "district") for member in members)
    counts = {
        "places": places,
        "partners": len(members) - places,
        "countries": len({member["country"] for member in members}),
    }
    figures = []
    for key, count in counts.items():
        if count:
            one, other, translations = FIGURE_LABELS[key]
            figures.append((str(count), {"en": one if count == 1 else other, **translations}))
    return figures


# Featured members of the Transport cluster (000), plus partners named in the news and webinars.
MEMBERS = [
    {
        "slug": "afadzato-south-district",
        "name": "Afadzato South District",
        "kind": "district",
        "country": "GH",
        "locality": "Afadzato South District, Ghana",
        "summary": "A district of Ghana's Volta Region, governed from Ve-Golokuati.",
        "key_fact": "Raises incomes through agriculture, trade and tourism",
        "area_km2": "553.00",
        "latitude": "7.005000",
        "longitude": "0.433000",
        "clusters": [("transport", True)],
        "description": (
            "One of the districts created in Ghana's Volta Region in 2012, governed from Ve-Golokuati, "
            "some 58 km from Ho and 200 km from Accra.\n\n"
            "The district assembly focuses on raising incomes through agriculture, trade and tourism while "
            "looking after the area's cultural heritage."
        ),
    },
    {
        "slug": "aparecida-de-goiania",
        "name": "Aparecida de Goiânia",
        "kind": "city",
        "country": "BR",
        "locality": "Aparecida de Goiânia, Brazil",
        "summary": "A Brazilian city investing in smart-city infrastructure, from optical fibre to solar power.",
        "population": 600000,
        "latitude": "-16.823000",
        "longitude": "-49.244000",
        "clusters": [("transport", True), ("covid-19", False)],
        "description": (
            "A Brazilian city of close to 600,000 people that reached its centenary in 2022 and hosts more "
            "than 120,000 jobs.\n\n"
            "It has invested in smart-city infrastructure — over 750 km of optical fibre, a municipal data "
            "centre, video monitoring and solar power — and ran mass testing and a vaccination booking app "
            "during the COVID-19 pandemic."
        ),
    },
    {
        "slug": "baguio",
        "name": "Baguio",
        "kind": "city",
        "country": "PH",
        "locality": "Baguio, the Philippines",
        "summary": "The 'City of Pines', hub of education, trade and tourism in the Cordillera region.",
        "population": 366358,
        "population_year": 2020,
        "area_km2": "57.49",
        "latitude": "16.411999",
        "longitude": "120.598340",
        "clusters": [("transport", True), ("tourism", False)],
        "description": (
            "The 'City of Pines' sits 1,400 m up in the mountains of Luzon, about four hours' drive from "
            "Manila, and is the education, trade and tourism hub of the Cordillera region.\n\n"
            "A UNESCO Creative City for its crafts and folk art, Baguio also hosts an economic zone whose "
            "factories account for most of the region's exports, and welcomed around 1.3 million visitors in 2016."
        ),
    },
    {
        "slug": "buenos-aires",
        "name": "Buenos Aires",
        "kind": "city",
        "country": "AR",
        "locality": "Buenos Aires, Argentina",
        "summary": "Argentina's largest city, redesigning its streets and neighbourhoods on a human scale.",
        "key_fact": "Aims to be carbon-neutral, resilient and inclusive by 2050",
        "latitude": "-34.603700",
        "longitude": "-58.381600",
        "clusters": [("transport", True), ("drr", False)],
        "description": (
            "Argentina's largest city has been redesigning its streets and neighbourhoods on a human scale, "
            "with innovation, sustainability and inclusion as its guides.\n\n"
            "Since formally adopting the Sustainable Development Goals in 2016 it has aimed to become a "
            "carbon-neutral, resilient and inclusive city by 2050."
        ),
    },
    {
        "slug": "gpaffc",
        "name": "Gansu Provincial People’s Association for Friendship with Foreign Countries (GPAFFC)",
        "kind": "civil",
        "country": "CN",
        "locality": "Gansu Province, China",
        "summary": "A not-for-profit association building people-to-people ties between Gansu and partners abroad.",
        "key_fact": "Promotes cooperation in trade, culture, science and education",
        "latitude": "36.061100",
        "longitude": "103.834300",
        "clusters": [("transport", True)],
        "description": (
            "A not-for-profit association in Gansu Province, working under the national association for "
            "friendship with foreign countries.\n\n"
            "It builds people-to-people ties and promotes cooperation in trade, culture, science and "
            "education between Gansu and partners abroad."
        ),
    },
    {
        "slug": "hangzhou-dtmaas-technology",
        "name": "Hangzhou DTMaaS Technology Co. Ltd.",
        "kind": "company",
        "country": "CN",
        "locality": "Hangzhou DTMaaS Technology, China",
        "summary": "A Hangzhou firm, founded in 2017, that helps public transport operators go digital.",
        "key_fact": "Its public transport 'data brain' runs in more than 50 cities",
        "latitude": "30.274100",
        "longitude": "120.155100",
        "clusters": [("transport", True)],
        "description": (
            "A Hangzhou technology firm, founded in 2017, that helps public transport operators go digital.\n\n"
            "Its cloud 'public transport data brain' combines operational, internet and sensor data and runs "
            "in more than 50 Chinese cities, among them Hangzhou, Kunming, Shaoxing and Weihai."
        ),
    },
    {
        "slug": "henan-civil-aviation",
        "name": "Henan Civil Aviation",
        "kind": "regional",
        "country": "CN",
        "locality": "Henan Civil Aviation, China",
        "summary": "Grows Henan Province's aviation industry and leads the Zhengzhou Airport Economy Zone.",
        "key_fact": "Air transport, logistics and the 'Air Silk Road' cargo link",
        "latitude": "34.526800",
        "longitude": "113.840900",
        "clusters": [("transport", True), ("covid-19", False)],
        "description": (
            "Set up in 2011 to grow Henan Province's aviation industry and to lead the development of the "
            "Zhengzhou Airport Economy Zone.\n\n"
            "Its work spans air transport, logistics, manufacturing, infrastructure and cultural tourism, "
            "including the 'Air Silk Road' cargo link with Luxembourg."
        ),
    },
    {
        "slug": "icrg-beijing-normal-university",
        "name": "Innovation Center for Risk Governance of Beijing Normal University",
        "kind": "academic",
        "country": "CN",
        "locality": "Innovation Center for Risk Governance of Beijing Normal University, China",
        "summary": "A Beijing Normal University research centre on disaster response and risk management.",
        "key_fact": "Shares lessons on risk governance between China and other countries",
        "latitude": "39.961300",
        "longitude": "116.366600",
        "clusters": [("transport", True), ("drr", True)],
        "description": (
            "A research centre at Beijing Normal University whose scholars study disaster response, social "
            "development and risk management.\n\n"
            "It combines rapid support during large disasters with long-term data and evaluation work, and "
            "shares lessons on risk governance between China and other countries."
        ),
    },
    {
        "slug": "janjanbureh-area-council",
        "name": "Janjanbureh Area Council",
        "kind": "district",
        "country": "GM",
        "locality": "Janjanbureh, the Gambia",
        "summary": "The local authority for a largely rural area of the Gambia's Central River Region.",
        "key_fact": "Governs 1,428 km² in six constituencies and twelve wards",
        "area_km2": "1428.00",
        "latitude": "13.535000",
        "longitude": "-14.766700",
        "clusters": [("transport", True)],
        "description": (
            "The local authority for a largely rural area in the south of the Gambia's Central River Region, "
            "with six constituencies and twelve wards.\n\n"
            "Its 1,428 km² make it the country's third-smallest local government area; more than seven in ten "
            "residents lived below the poverty line in 2015/16."
        ),
    },
    {
        "slug": "mumbwa-district",
        "name": "Mumbwa District",
        "kind": "district",
        "country": "ZM",
        "locality": "Mumbwa, Zambia",
        "summary": "A district about 140 km from Lusaka, spread thinly over some 23,800 km².",
        "population": 176620,
        "area_km2": "23800.00",
        "latitude": "-14.983300",
        "longitude": "27.066700",
        "clusters": [("transport", True)],
        "description": (
            "A district about 140 km from Lusaka covering roughly 23,800 km², with some 176,620 residents.\n\n"
            "Its population grows by about 3.2% a year and is spread thinly, at around eleven people per km²."
        ),
    },
    {
        "slug": "uoct-chile",
        "name": "Operational Traffic Control Unit (UOCT)",
        "kind": "agency",
        "country": "CL",
        "locality": "Operational Traffic Control Unit (UOCT), Chile",
        "summary": "Chile's public agency for traffic control, founded in 1990 and based in Santiago.",
        "key_fact": "Coordinates traffic lights in real time in nine regions",
        "latitude": "-33.448900",
        "longitude": "-70.669300",
        "clusters": [("transport", True)],
        "description": (
            "Chile's public agency for traffic control, under the Ministry of Transport and "
            "Telecommunications, founded in 1990 and headquartered in Santiago.\n\n"
            "It runs the systems that watch and coordinate traffic lights in real time in the main cities of "
            "nine regions."
        ),
    },
    {
        "slug": "piquete",
        "name": "Piquete",
        "kind": "city",
        "country": "BR",
        "locality": "Piquete, Brazil",
        "summary": "A small municipality of the Paraíba Valley, on the slopes of the Serra da Mantiqueira.",
        "population": 14709,
        "population_year": 2009,
        "latitude": "-22.613600",
        "longitude": "-45.176100",
        "clusters": [("transport", True)],
        "description": (
            "A small municipality in the Paraíba Valley of São Paulo State, on the slopes of the Serra da "
            "Mantiqueira.\n\nMuch of its land lies within an environmental protection area."
        ),
    },
    {
        "slug": "santiago-metropolitan-regional-government",
        "name": "Metropolitan Regional Government of Santiago",
        "kind": "regional",
        "country": "CL",
        "locality": "Santiago, Chile",
        "summary": "The autonomous regional government of Chile's Metropolitan Region, led by an elected governor.",
        "key_fact": "Plans the region's development and its resilience strategy",
        "latitude": "-33.437800",
        "longitude": "-70.650500",
        "clusters": [("transport", True), ("drr", True)],
        "description": (
            "The autonomous regional government of Chile's Metropolitan Region, led since July 2021 by an "
            "elected governor.\n\n"
            "It plans economic, social and cultural development across the region, and its resilience "
            "strategy, 'Santiago Humano y Resiliente', grew out of the city's selection for the 100 Resilient "
            "Cities programme in 2014."
        ),
    },
    {
        "slug": "sao-paulo",
        "name": "São Paulo",
        "kind": "city",
        "country": "BR",
        "locality": "São Paulo, Brazil",
        "summary": "The City Hall of Brazil's most populous city, the capital of São Paulo State.",
        "key_fact": "Runs a fleet of zero-emission buses",
        "latitude": "-23.550500",
        "longitude": "-46.633300",
        "clusters": [("transport", True), ("waste", True)],
        "description": (
            "The City Hall of São Paulo governs Brazil's most populous city, the largest Portuguese-speaking "
            "city in the world and the capital of São Paulo State.\n\n"
            "Its biggest recent gains have been in transport and waste management, including a fleet of "
            "zero-emission buses."
        ),
    },
    {
        "slug": "shah-alam",
        "name": "Shah Alam",
        "kind": "city",
        "country": "MY",
        "locality": "Shah Alam, Malaysia",
        "summary": "One of the main cities of the Klang Valley around Kuala Lumpur.",
        "key_fact": "State capital of Selangor",
        "latitude": "3.073300",
        "longitude": "101.518500",
        "clusters": [("transport", True)],
        "description": (
            "The state capital of Selangor, mostly within Petaling District, and one of the main cities of the "
            "Klang Valley around Kuala Lumpur."
        ),
    },
    {
        "slug": "xiamen",
        "name": "Xiamen",
        "kind": "city",
        "country": "CN",
        "locality": "Xiamen, China",
        "summary": "A port city on the south-east coast of Fujian Province.",
        "key_fact": "A special economic zone for trade, shipping and tourism",
        "latitude": "24.479800",
        "longitude": "118.089400",
        "clusters": [("transport", True), ("tourism", False)],
        "description": (
            "A port city and special economic zone on the south-east coast of Fujian Province, historically "
            "known as Jiahe Island or Lu Island.\n\nIt is a regional centre for trade, shipping and tourism."
        ),
    },
    # Partners named in the news and the webinars.
    {
        "slug": "koidu-new-sembehun-city-council",
        "name": "Koidu New Sembehun City Council",
        "kind": "city",
        "country": "SL",
        "locality": "Koidu, Sierra Leone",
        "summary": "The city council of Koidu, in Sierra Leone.",
        "key_fact": "Runs a pilot on sustainable waste management",
        "clusters": [("waste", True)],
        "description": "The city council of Koidu, which runs a pilot on sustainable waste management with the Cities Project.",
    },
    {
        "slug": "campeche",
        "name": "City of Campeche",
        "kind": "city",
        "country": "MX",
        "locality": "Campeche, Mexico",
        "summary": "A Mexican World Heritage City.",
        "key_fact": "Takes part in a pilot on sustainable tourism in heritage cities",
        "clusters": [("tourism", True)],
        "description": "A Mexican World Heritage City taking part in a pilot on sustainable tourism in heritage cities.",
    },
    {
        "slug": "kumasi",
        "name": "Kumasi",
        "kind": "city",
        "country": "GH",
        "locality": "Kumasi, Ghana",
        "summary": "Ghana's second city and a trading hub.",
        "key_fact": "Part of the 2022 cities exchange on logistics",
        "clusters": [("e-commerce", True)],
        "description": "Ghana's second city and a trading hub, part of the 2022 cities exchange on logistics.",
    },
    {
        "slug": "zhengzhou",
        "name": "Zhengzhou",
        "kind": "city",
        "country": "CN",
        "locality": "Zhengzhou, China",
        "summary": "The capital of Henan Province.",
        "key_fact": "A national logistics hub",
        "clusters": [("e-commerce", True)],
        "description": "The capital of Henan Province and a national logistics hub, part of the 2022 cities exchange on logistics.",
    },
    {
        "slug": "jizzakh",
        "name": "Jizzakh Region",
        "kind": "regional",
        "country": "UZ",
        "locality": "Jizzakh, Uzbekistan",
        "summary": "A region of Uzbekistan.",
        "key_fact": "Joined the 2022 cities exchange on logistics",
        "clusters": [("e-commerce", True)],
        "description": "A region of Uzbekistan that joined the 2022 cities exchange on logistics.",
    },
]

CATEGORIES = [
    ("news", "News"),
    ("cities-project", "Cities Project"),
    ("webinars", "Webinars"),
    ("events", "Events"),
    ("covid-19-response", "COVID-19 Response"),
    ("drr-news", "DRR News"),
]

# The categories' names in other languages (news/translation.py); load_demo fills the missing ones.
CATEGORY_TRANSLATIONS = {
    slug: {language: {"name": name} for language, name in names.items()}
    for slug, names in {
        "news": {
            "es": "Noticias",
            "fr": "Actualités",
            "pt": "Notícias",
            "zh-hans": "新闻",
            "ar": "أخبار",
            "ru": "Новости",
        },
        "cities-project": {
            "es": "Proyecto Ciudades",
            "fr": "Projet Villes",
            "pt": "Projeto Cidades",
            "zh-hans": "城市项目",
            "ar": "مشروع المدن",
            "ru": "Проект «Города»",
        },
        "webinars": {
            "es": "Seminarios web",
            "fr": "Webinaires",
            "pt": "Webinários",
            "zh-hans": "网络研讨会",
            "ar": "ندوات عبر الإنترنت",
            "ru": "Вебинары",
        },
        "events": {
            "es": "Eventos",
            "fr": "Événements",
            "pt": "Eventos",
            "zh-hans": "活动",
            "ar": "فعاليات",
            "ru": "Мероприятия",
        },
        "covid-19-response": {
            "es": "Respuesta a la COVID-19",
            "fr": "Réponse à la COVID-19",
            "pt": "Resposta à COVID-19",
            "zh-hans": "新冠肺炎应对",
            "ar": "الاستجابة لجائحة كوفيد-19",
            "ru": "Ответ на COVID-19",
        },
        "drr-news": {
            "es": "Noticias de RRD",
            "fr": "Actualités RRC",
            "pt": "Notícias de RRD",
            "zh-hans": "减灾新闻",
            "ar": "أخبار الحد من مخاطر الكوارث",
            "ru": "Новости о снижении риска бедствий",
        },
    }.items()
}

ARTICLES = [
    {
        "slug": "urban-mobility-exchange-argentina-chile-china",
        "title": "UNOSSC Facilitates South-South Exchange on Urban Mobility between Cities in Argentina, Chile and China",
        "published_at": "2023-12-13T09:00:00+00:00",
        "clusters": ["transport"],
        "categories": ["cities-project", "news"],
        "related_members": ["buenos-aires", "santiago-metropolitan-regional-government", "hangzhou-dtmaas-technology"],
        "summary": (
            "Officials from Buenos Aires, Santiago and Chinese cities met online on 12 December 2023 to compare "
            "innovations in urban mobility."
        ),
        "body": (
            "<p>On 12 December 2023 the Cities Project of the UN Office for South-South Cooperation brought city "
            "officials from Argentina, Chile and China together online to talk about urban mobility.</p>"
            "<p>Participants presented how they plan and run public transport, manage traffic with data, and "
            "move their fleets towards low-carbon vehicles, and discussed where their cities could work "
            "together next.</p>"
        ),
    },
    {
        "slug": "hangzhou-santiago-technology-exchange-workshop",
        "title": "City-to-City Experience and Technology Exchange Workshop between Hangzhou and Santiago",
        "published_at": "2023-08-02T09:00:00+00:00",
        "clusters": ["transport"],
        "categories": ["cities-project", "news"],
        "related_members": ["hangzhou-dtmaas-technology", "santiago-metropolitan-regional-government", "uoct-chile"],
        "summary": (
            "A mobility specialist from Santiago visited Hangzhou to learn how the city uses data in public "
            "transport, as part of the sustainable transport pilot."
        ),
        "body": (
            "<p>Within the pilot project on sustainable transport, Mr. Álvaro Jordán Rifo of Santiago's "
            "Department of Mobility and Transport took part in a workshop with partners in Hangzhou.</p>"
            "<p>The visit looked at digital tools for bus operations and at ways the two cities can keep "
            "exchanging technical know-how.</p>"
        ),
    },
    {
        "slug": "santiago-low-carbon-transport-pilot-launch",
        "title": (
            "UNOSSC, UNDP Chile and UNDP China Launch Cities Pilot Initiative in Santiago, Chile to Promote "
            "Sustainable and Low-carbon Transportation"
        ),
        "published_at": "2022-12-19T09:00:00+00:00",
        "clusters": ["transport"],
        "categories": ["cities-project", "news"],
        "related_members": ["santiago-metropolitan-regional-government"],
        "summary": (
            "A new pilot, announced in Beijing on 13 December 2022, supports low-carbon transport in the "
            "Metropolitan Region of Santiago."
        ),
        "body": (
            "<p>The UN Office for South-South Cooperation and the UNDP country offices in China and Chile "
            "announced a pilot initiative on 13 December 2022 to support sustainable, low-carbon transport in "
            "Santiago.</p><p>The pilot pairs Chilean and Chinese experience in electric mobility and transport "
            "planning.</p>"
        ),
    },
    {
        "slug": "logistics-exchange-china-ghana-uzbekistan",
        "title": "Cities Exchange on Logistics Held Among China, Ghana and Uzbekistan to Facilitate Partnership Brokering",
        "published_at": "2022-09-21T09:00:00+00:00",
        "clusters": ["e-commerce", "transport"],
        "categories": ["cities-project", "news"],
        "related_members": ["kumasi", "zhengzhou", "jizzakh"],
        "summary": (
            "Ejisu and Kumasi in Ghana, Zhengzhou in China and the Jizzakh region of Uzbekistan met online on "
            "20 September 2022 to talk logistics."
        ),
        "body": (
            "<p>On 20 September 2022 the UN Office for South-South Cooperation organised an online exchange on "
            "logistics between Ejisu and Kumasi (Ghana), Zhengzhou (China) and Jizzakh (Uzbekistan).</p>"
            "<p>The cities described their logistics hubs and trade corridors and explored partnerships.</p>"
        ),
    },
    {
        "slug": "call-for-submissions-cities-climate-action-2021",
        "title": (
            "Call for Submissions: Innovative Experiences of Cities on Environmental Sustainability and Climate "
            "Action, Deadline 20 June 2021"
        ),
        "published_at": "2021-04-30T09:00:00+00:00",
        "clusters": ["transport", "waste"],
        "categories": ["cities-project", "news"],
        "related_members": [],
        "summary": "Cities were invited to send their experiences of environmental sustainability and climate action by 20 June 2021.",
        "body": (
            "<p>Cities are where most people live and where climate change is felt first. The Cities Project "
            "asked cities of the Global South to describe innovative work on the environment and climate, to be "
            "shared as South-South good practice.</p>"
        ),
    },
    {
        "slug": "uzbekistan-35-cities-urban-development-workshop",
        "title": "35 Cities in Uzbekistan benefit from UNOSSC Cities Project Urban Development Workshop",
        "published_at": "2020-11-11T09:00:00+00:00",
        "clusters": ["drr", "e-commerce", "tourism", "transport", "waste"],
        "categories": ["cities-project", "news"],
        "related_members": [],
        "summary": (
            "Mayors and deputy mayors of 35 mid-sized Uzbek cities completed an online course on business "
            "development and services on 6 November 2020."
        ),
        "body": (
            "<p>Leaders of 35 mid-sized cities in Uzbekistan finished an online training on 6 November 2020 "
            "about growing local business and the service sector.</p>"
        ),
    },
    {
        "slug": "webinar-south-south-cooperation-cities-climate-action",
        "title": "Webinar: South-South Cooperation Between Cities for Climate Action – 30 June 2020",
        "published_at": "2020-06-24T09:00:00+00:00",
        "clusters": ["drr", "transport", "waste"],
        "categories": ["cities-project", "events", "webinars"],
        "related_members": ["buenos-aires", "sao-paulo", "santiago-metropolitan-regional-government"],
        "summary": (
            "Experts and decision-makers from Argentina, Brazil, Chile, China and India will discuss how cities "
            "cooperate on climate action."
        ),
        "body": (
            "<p>On 30 June 2020 the UN Office for South-South Cooperation hosts a webinar with scientists, "
            "researchers and city officials from five countries on city-to-city cooperation for climate "
            "action.</p>"
        ),
    },
    {
        "slug": "henan-air-silk-road-medical-supplies-luxembourg",
        "title": "Henan Province in China Donates Medical Supplies to Luxembourg through “Air Silk Road” in Response to COVID-19",
        "published_at": "2020-03-30T09:00:00+00:00",
        "clusters": ["covid-19", "transport"],
        "categories": ["covid-19-response", "drr-news", "news"],
        "related_members": ["henan-civil-aviation"],
        "summary": (
            "A cargo flight carried medical supplies worth about USD 360,000 from Henan to its 'Air Silk Road' "
            "partner Luxembourg."
        ),
        "body": (
            "<p>Henan Province sent urgently needed medical supplies, valued at around USD 360,000, to "
            "Luxembourg on a freight flight along the 'Air Silk Road' that links the two.</p>"
        ),
    },
    {
        "slug": "sstc-covid-19-recovery-webinar-announcement",
        "title": (
            "Promoting SSTC in Support of COVID-19 Recovery and Sustainable Development through UNOSSC Projects, "
            "18 October 2022"
        ),
        "published_at": "2022-10-11T09:00:00+00:00",
        "clusters": ["covid-19", "tourism", "waste"],
        "categories": ["events", "webinars"],
        "related_members": ["koidu-new-sembehun-city-council", "campeche"],
        "summary": "UNOSSC and CICETE co-host a pre-recorded webinar on local solutions for recovery on 18 October 2022.",
        "body": (
            "<p>The webinar presents pilot projects of the Cities Project and the Global South-South Development "
            "Center and launches new pilots with UNDP country offices.</p>"
        ),
    },
    {
        "slug": "cities-project-south-south-environmental-cooperation",
        "title": "Cities Project Hails South-South Environmental Cooperation",
        "published_at": "2019-08-05T10:09:02+08:00",
        "clusters": ["waste"],
        "categories": ["cities-project", "news"],
        "related_members": ["koidu-new-sembehun-city-council"],
        "summary": (
            "At a coordination meeting of the Belt and Road International Green Coalition in Beijing, the "
            "Cities Project presented its green development pilots."
        ),
        "body": (
            "<p>On 30 July 2019 the Cities Project represented the UN Office for South-South Cooperation at the "
            "Second Coordination Meeting of the Belt and Road International Green Coalition.</p>"
            "<p>Office manager Mr. Jingchuan Alex Mu described three projects: solar power and biogas for "
            "farming in Khajura, Nepal; a green-city needs assessment in Bukhara, Uzbekistan; and an "
            "environmental assessment in Koidu-New Sembehun, Sierra Leone. He argued that a case worth sharing "
            "must be sustainable and replicable, not only successful at home.</p>"
        ),
    },
]

# Person: (honorific, name, role, organisation)
WANG = ("Ms.", "Xiaojun Grace Wang", "Trust Fund Director", "UNOSSC")
MACHADO = ("Mr.", "Haroldo Machado-Filho", "Senior Advisor", "UNDP Brazil")

EVENTS = [
    {
        "slug": "sstc-covid-19-recovery-sustainable-development-2022",
        "title": "Promoting SSTC in Support of COVID-19 Recovery and Sustainable Development through UNOSSC Projects",
        "kind": "webinar",
        "starts_at": "2022-10-18T09:00",
        "ends_at": "2022-10-18T11:00",
        "timezone": "America/New_York",
        "attendance": "online",
        "organisers": "UNOSSC and CICETE, under the Cities Project and the Global South-South Development Center (GSSDC)",
        "clusters": ["covid-19", "tourism", "waste", "transport"],
        "hosts": [],  # held by UNOSSC and CICETE (organisers); Koidu and Campeche speak, they do not host
        "summary": (
            "A pre-recorded webinar showing local solutions from pilot projects across the Global South and "
            "launching new pilots with UNDP country offices."
        ),
        "description": (
            "<p>Partners of the Cities Project and of the Global South-South Development Center present what "
            "their pilot projects achieved, and the South-South Cities Clusters are introduced on South-South "
            "Galaxy, the online platform for partnership building among cities.</p>"
        ),
        "objectives": (
            "<ul><li>Show how UNOSSC–CICETE projects on South-South and triangular cooperation support "
            "recovery from COVID-19 at national and city level.</li>"
            "<li>Let local partners and centres of excellence share their solutions and technology.</li>"
            "<li>Widen exchanges and partnerships between regions, countries and cities of the Global "
            "South.</li></ul>"
        ),
        "sessions": [
            {
                "title": "Opening remarks",
                "speakers": [
                    ("Moderator", ("Ms.", "Muriel Obon", "Project and Event Management Consultant", "UNOSSC")),
                    ("Speaker", WANG),
                    ("Speaker", ("Mr.", "Yi Zhang", "Deputy Director-General", "CICETE")),
                ],
            },
            {
                "title": "Cities Project knowledge products (videos)",
                "details": (
                    "Innovative Experiences of Cities: environmental sustainability and climate action through "
                    "South-South and triangular cooperation. Spotlighting cities and other sub-national COVID-19 "
                    "responses."
                ),
            },
            {
                "title": "Pilot: sustainable tourism in Mexico's World Heritage Cities",
                "speakers": [
                    (
                        "Speaker",
                        (
                            "Mr.",
                            "Jorge Ortega",
                            "General Director",
                            "National Association of Mexican World Heritage Cities (ANCMPM)",
                        ),
                    ),
                    (
                        "Speaker",
                        ("Mr.", "Ricardo Rodríguez Dives", "Advisor to the Municipal President", "City of Campeche"),
                    ),
                ],
            },
            {
                "title": "Pilot: sustainable waste management in Koidu City, Sierra Leone",
                "speakers": [
                    ("Speaker", ("Mr.", "Komba Mathew Sam", "Mayor", "Koidu New Sembehun City Council")),
                    ("Speaker", ("Mr.", "Ansu Bangura", "Waste Management Consultant", "UN-Habitat")),
                ],
            },
            {
                "title": "GSSDC pilot: small hydropower in Nepal and southern Asian countries",
                "speakers": [
                    (
                        "Speaker",
                        ("Mr.", "Qiu Dale", "Senior Programme Officer", "International Center on Small Hydro Power"),
                    ),
                ],
            },
            {
                "title": "GSSDC pilot: resilient food systems in Latin America and the Caribbean",
                "speakers": [
                    (
                        "Speaker",
                        (
                            "Mr.",
                            "Francisco Mello",
                            "Head of the Center for Knowledge Management and Horizontal Cooperation",
                            "Inter-American Institute for Cooperation on Agriculture (IICA)",
                        ),
                    ),
                ],
            },
            {"title": "The South-South Cities Clusters (video)"},
            {
                "title": "Launch of new pilot projects with UNDP country offices",
                "details": (
                    "Disaster risk governance in Lebanon; low-carbon transport in the Metropolitan Region of "
                    "Santiago, Chile; the China–Tanzania soybean value chain; ecosystem management in the Lake "
                    "Victoria Basin; rural solar electrification in Amazonas, Peru; resilient food systems in "
                    "Latin America and the Caribbean."
                ),
            },
            {
                "title": "Closing remarks",
                "speakers": [("Speaker", ("Mr.", "James George", "Deputy Resident Representative", "UNDP China"))],
            },
        ],
        "recordings": [
            {"title": "Full webinar recording", "links": ["youtube", "bilibili"]},
        ],
    },
    {
        "slug": "south-south-cooperation-cities-climate-action-2020",
        "title": "South-South Cooperation Between Cities for Climate Action",
        "kind": "webinar",
        "starts_at": "2020-06-30T09:00",
        "ends_at": "2020-06-30T11:00",
        "timezone": "America/New_York",
        "attendance": "online",
        "organisers": "UNOSSC, with the Inter-American Institute for Global Change Research (IAI)",
        "clusters": ["drr", "transport", "waste"],
        "hosts": ["buenos-aires", "sao-paulo", "santiago-metropolitan-regional-government"],
        "summary": (
            "Scientists and city decision-makers from Argentina, Brazil, Chile, China and India on how Southern "
            "cities cooperate to meet climate change."
        ),
        "description": (
            "<p>The webinar continued a dialogue between city managers and scientists that began with a joint "
            "UNOSSC–IAI report on city-to-city partnerships for sustainable urban development.</p>"
        ),
        "objectives": (
            "<ul><li>Show how Southern cities use innovative, collaborative and evidence-based approaches to "
            "climate change.</li><li>Discuss what South-South and triangular cooperation can do for city "
            "adaptation after COVID-19.</li></ul>"
        ),
        "report": (
            "<p>Five cases from a joint UNOSSC–IAI report were presented by eight of its co-authors: Buenos "
            "Aires, São Paulo, Santiago, Pune–Surat–Chennai and Shenzhen.</p>"
            "<p>The Indian speakers described how three cities that face water scarcity and flooding learned "
            "from peers across Asia, Africa and Latin America through forums, workshops and visits, and how "
            "those networks sometimes brought technology and funding. São Paulo's speakers pointed to progress "
            "in transport and waste. Shenzhen's researchers explained a green development path built on "
            "resource saving, cleaner industry and low-carbon lifestyles, which the city now shares with other "
            "developing countries. Santiago described its work on electric mobility and on putting climate "
            "change at the heart of its resilience strategy. Buenos Aires set out its target of carbon "
            "neutrality by 2050 and its use of nature-based solutions against heatwaves.</p>"
            "<p>Closing the session, Ms. Wang drew out the main lessons: keep the SDGs and people at the "
            "centre; base ambitious policy on good data and science, which means bringing researchers and "
            "governments together; and use platforms and networks of cities to turn shared problems into "
            "partnerships. She pointed participants to the South-South Global Thinkers initiative and the "
            "South-South Galaxy platform to continue the work.</p>"
        ),
        "sessions": [
            {
                "title": "Opening remarks",
                "speakers": [
                    (
                        "Speaker",
                        (
                            "Mr.",
                            "Jorge Chediek",
                            "Director and Envoy of the Secretary-General on South-South Cooperation",
                            "UNOSSC",
                        ),
                    ),
                    (
                        "Speaker",
                        (
                            "Mr.",
                            "Marcos Regis Da Silva",
                            "Executive Director",
                            "Inter-American Institute for Global Change Research (IAI)",
                        ),
                    ),
                    ("Speaker", ("Ms.", "Debbie Menezes", "Senior Research Advisor", "UNOSSC")),
                ],
            },
            {"title": "Setting the stage: the city-to-city partnerships report", "speakers": [("Moderator", MACHADO)]},
            {
                "title": "A tale of three cities: Chennai, Pune and Surat",
                "speakers": [
                    (
                        "Speaker",
                        (
                            "Mr.",
                            "Umamaheshwaran Rajasekar",
                            "Chair of the Urban Resilience Unit",
                            "National Institute of Urban Affairs (NIUA), India",
                        ),
                    ),
                ],
            },
            {
                "title": "São Paulo",
                "speakers": [
                    (
                        "Speaker",
                        (
                            "Ms.",
                            "Jussara Carvalho",
                            "Head of International Affairs, Secretariat for Infrastructure and Environment",
                            "State Government of São Paulo",
                        ),
                    ),
                    (
                        "Speaker",
                        (
                            "Mr.",
                            "Pedro Roberto Jacobi",
                            "Professor, Institute of Energy and Environment",
                            "University of São Paulo",
                        ),
                    ),
                ],
            },
            {
                "title": "Shenzhen",
                "speakers": [
                    (
                        "Speaker",
                        (
                            "Mr.",
                            "Dong Wang",
                            "Researcher",
                            "Shenzhen Research Center on Climate Change, Harbin Institute of Technology, Shenzhen",
                        ),
                    ),
                    (
                        "Speaker",
                        (
                            "Mr.",
                            "Yuan Zeng",
                            "Researcher",
                            "Shenzhen Research Center on Climate Change, Harbin Institute of Technology, Shenzhen",
                        ),
                    ),
                ],
            },
            {
                "title": "Santiago",
                "speakers": [
                    (
                        "Speaker",
                        (
                            "Ms.",
                            "Cristina Huidobro",
                            "Deputy Chief Resilience Officer",
                            "Metropolitan Regional Government of Santiago (GORE)",
                        ),
                    ),
                ],
            },
            {
                "title": "Buenos Aires",
                "speakers": [
                    (
                        "Speaker",
                        (
                            "Ms.",
                            "Patricia Himschoot",
                            "Climate Change Manager, Environmental Protection Agency",
                            "City Government of Buenos Aires",
                        ),
                    ),
                    (
                        "Speaker",
                        (
                            "Ms.",
                            "Valeria Massy",
                            "Climate Change and Environmental Information Advisor",
                            "City Government of Buenos Aires",
                        ),
                    ),
                ],
            },
            {"title": "Questions and answers", "speakers": [("Moderator", MACHADO)]},
            {
                "title": "Summary and closing",
                "speakers": [("Speaker", ("Ms.", "Xiaojun Grace Wang", "Deputy Director", "UNOSSC"))],
            },
        ],
        "recordings": [{"title": "Webinar recording", "links": ["youtube"]}],
    },
    {
        "slug": "urban-mobility-online-exchange-2023",
        "title": "Online exchange on innovative urban mobility: Argentina, Chile and China",
        "kind": "exchange",
        "starts_at": "2023-12-12T08:00",
        "ends_at": "2023-12-12T10:00",
        "timezone": "America/Santiago",
        "attendance": "online",
        "organisers": "Cities Project, UNOSSC",
        "clusters": ["transport"],
        "hosts": ["buenos-aires", "santiago-metropolitan-regional-government", "hangzhou-dtmaas-technology"],
        "summary": "City officials from Buenos Aires, Santiago and China compare urban mobility innovations.",
    },
    {
        "slug": "logistics-online-exchange-2022",
        "title": "Cities exchange on logistics: China, Ghana and Uzbekistan",
        "kind": "exchange",
        "starts_at": "2022-09-20T14:00",
        "ends_at": "2022-09-20T16:00",
        "timezone": "Asia/Shanghai",
        "attendance": "online",
        "organisers": "Cities Project, UNOSSC",
        "clusters": ["e-commerce", "transport"],
        "hosts": ["kumasi", "zhengzhou", "jizzakh"],
        "summary": "Ejisu, Kumasi, Zhengzhou and Jizzakh discuss logistics hubs and partnership opportunities.",
    },
]

PLATFORM_SEARCH = {
    "youtube": "https://www.youtube.com/results?search_query={query}",
    "bilibili": "https://search.bilibili.com/all?keyword={query}",
}

# Partner submissions waiting in the moderation queue (contact details are never public).
SUBMISSIONS = [
    {
        "name": "Tamale Metropolitan Assembly",
        "kind": "city",
        "country": "GH",
        "locality": "Tamale, Northern Region, Ghana",
        "description": (
            "A fast-growing metropolis in northern Ghana that wants to learn how peer cities organise "
            "household waste collection and composting markets."
        ),
        "website": "https://tamale.example.org/",
        "clusters": ["waste"],
        "contact_name": "Abiba Mahama",
        "contact_email": "waste.desk@tamale.example.org",
        "days_ago": 9,
    },
    {
        "name": "Municipalidad de Rosario",
        "kind": "city",
        "country": "AR",
        "locality": "Rosario, Santa Fe, Argentina",
        "description": (
            "The city's mobility secretariat runs its bus network and cycle lanes, and offers to share "
            "its open ticketing data with cities planning electric buses."
        ),
        "website": "",
        "clusters": ["transport"],
        "contact_name": "Lucía Ferreyra",
        "contact_email": "cooperacion@movilidad-rosario.example.org",
        "days_ago": 4,
    },
    {
        "update_of": "shah-alam",
        "description": (
            "A planned city in Selangor that is extending its low-carbon city plan to cover building "
            "energy use, and wants partners for a joint study on rooftop solar."
        ),
        "contact_name": "Nurul Aina",
        "contact_email": "international@shah-alam.example.org",
        "days_ago": 1,
    },
]

# Pages staff write (pages app): the four the footer links to, in English with translated titles
# and summaries (and About in full in Arabic and Spanish); the bodies are sanitised rich text.
PAGES = [
    {
        "slug": "about",
        "title": "About the clusters",
        "summary": (
            "Six thematic clusters in which cities and organisations of the Global South learn from each "
            "other's practice and find partners, with the United Nations Office for South-South Cooperation."
        ),
        "body": (
            "<p>The South-South Cities Clusters gather municipalities, regional governments, agencies, "
            "companies, universities and civil society groups around six themes: sustainable transport "
            "and air quality, waste management, disaster risk reduction, e-commerce, sustainable tourism "
            "and the response to COVID-19.</p>"
            "<h2>What members do</h2>"
            "<ul><li>Present what they have tried, and what came of it, in webinars and study visits.</li>"
            "<li>Ask the network for expertise and offer their own.</li>"
            "<li>Meet partners for joint projects, with the secretariat introducing them.</li></ul>"
            "<h2>Who runs it</h2>"
            "<p>The clusters are an initiative of the United Nations Office for South-South Cooperation "
            "(UNOSSC). Its secretariat keeps this portal, organises the webinars and reviews every "
            "profile and submission before it is published.</p>"
            "<p>Membership is free. Any city or organisation of the Global South working on one of the "
            'themes can <a href="/submit/">ask to join</a>.</p>'
        ),
    },
    {
        "slug": "contact",
        "title": "Contact the secretariat",
        "summary": "How to reach the clusters' secretariat, and which way suits which question.",
        "body": (
            "<p>The secretariat of the South-South Cities Clusters works from the United Nations Office for "
            "South-South Cooperation in New York.</p>"
            "<h2>To join a cluster</h2>"
            '<p>Use the <a href="/submit/">membership form</a>. A moderator reads every request and '
            "answers by email.</p>"
            "<h2>To update your profile</h2>"
            "<p>Open your profile and choose “Request an update”: a link goes to the contact address on "
            "file, so nobody else can change it.</p>"
            "<h2>Anything else</h2>"
            "<p>Write to secretariat@southsouthcities.example.org. We never publish the address or name "
            "of anyone who writes to us.</p>"
        ),
    },
    {
        "slug": "privacy",
        "title": "Privacy",
        "summary": "What the portal stores about visitors and partners, why, and for how long.",
        "body": (
            "<h2>Visitors</h2>"
            "<p>Reading the portal sets no cookie and loads nothing from other sites: no analytics, fonts "
            "or videos are fetched from elsewhere.</p>"
            "<h2>Partners who write to us</h2>"
            "<p>When you submit a profile or ask for an update, we keep the name and email address of the "
            "contact person to answer and to verify later changes. They are seen only by the "
            "secretariat's moderators and are never shown on the portal, in its data downloads or in its "
            "interface for other platforms.</p>"
            "<h2>Your rights</h2>"
            "<p>You may ask to see, correct or delete what we hold about you by writing to the "
            'secretariat (see <a href="/contact/">Contact</a>).</p>'
        ),
    },
    {
        "slug": "accessibility",
        "title": "Accessibility",
        "summary": "How the portal is built to be usable by everyone, and how to report a barrier.",
        "body": (
            "<p>We want every page to be usable on a slow mobile connection, with a screen reader, with a "
            "keyboard only, with JavaScript turned off and in right-to-left languages.</p>"
            "<h2>What we do</h2>"
            "<ul><li>Every public page is checked automatically against the Web Content Accessibility "
            "Guidelines 2.1, level AA, before each release.</li>"
            "<li>Maps and charts come with a table of the same figures.</li>"
            "<li>Text can be enlarged to 200% without loss of content.</li></ul>"
            "<h2>Known limits</h2>"
            "<p>Some older webinar recordings have no captions, and documents attached to news may not "
            "be accessible.</p>"
            "<h2>Report a barrier</h2>"
            "<p>Tell the secretariat which page and what got in your way (see "
            '<a href="/contact/">Contact</a>); we answer every report.</p>'
        ),
    },
]

PAGE_TRANSLATIONS = {
    "about": {
        "ar": {
            "title": "عن المجموعات",
            "summary": (
                "ست مجموعات مواضيعية تتعلم فيها مدن ومنظمات الجنوب العالمي من تجارب بعضها وتجد شركاء، "
                "مع مكتب الأمم المتحدة للتعاون فيما بين بلدان الجنوب."
            ),
            "body": (
                "<p>تجمع مجموعات مدن الجنوب بلديات وحكومات إقليمية ووكالات وشركات وجامعات ومنظمات من "
                "المجتمع المدني حول ستة مواضيع: النقل المستدام وجودة الهواء، وإدارة النفايات، والحد من "
                "مخاطر الكوارث، والتجارة الإلكترونية، والسياحة المستدامة، والاستجابة لجائحة كوفيد-19.</p>"
                "<h2>ماذا يفعل الأعضاء</h2>"
                "<ul><li>يعرضون ما جربوه ونتائجه في الندوات عبر الإنترنت والزيارات الدراسية.</li>"
                "<li>يطلبون الخبرة من الشبكة ويقدمون خبرتهم.</li>"
                "<li>يلتقون بشركاء لمشاريع مشتركة، وتتولى الأمانة تعريفهم ببعضهم.</li></ul>"
                "<h2>من يديرها</h2>"
                "<p>المجموعات مبادرة من مكتب الأمم المتحدة للتعاون فيما بين بلدان الجنوب. تتولى أمانته "
                "إدارة هذه البوابة وتنظيم الندوات ومراجعة كل ملف وطلب قبل نشره.</p>"
                "<p>العضوية مجانية. يمكن لأي مدينة أو منظمة من الجنوب العالمي تعمل على أحد المواضيع "
                '<a href="/ar/submit/">طلب الانضمام</a>.</p>'
            ),
        },
        "es": {
            "title": "Acerca de los clústeres",
            "summary": (
                "Seis clústeres temáticos en los que ciudades y organizaciones del Sur Global aprenden de la "
                "práctica de las demás y encuentran socios, con la Oficina de las Naciones Unidas para la "
                "Cooperación Sur-Sur."
            ),
            "body": (
                "<p>Los Clústeres de Ciudades Sur-Sur reúnen a municipios, gobiernos regionales, agencias, "
                "empresas, universidades y sociedad civil en torno a seis temas: transporte sostenible y "
                "calidad del aire, gestión de residuos, reducción del riesgo de desastres, comercio "
                "electrónico, turismo sostenible y respuesta a la COVID-19.</p>"
                "<h2>Qué hacen los miembros</h2>"
                "<ul><li>Presentan lo que han probado, y sus resultados, en seminarios web y visitas de "
                "estudio.</li><li>Piden conocimientos a la red y ofrecen los suyos.</li>"
                "<li>Conocen socios para proyectos conjuntos, presentados por la secretaría.</li></ul>"
                "<h2>Quién los coordina</h2>"
                "<p>Los clústeres son una iniciativa de la Oficina de las Naciones Unidas para la "
                "Cooperación Sur-Sur (UNOSSC). Su secretaría mantiene este portal, organiza los seminarios "
                "y revisa cada perfil y envío antes de publicarlo.</p>"
                "<p>La membresía es gratuita. Cualquier ciudad u organización del Sur Global que trabaje en "
                'uno de los temas puede <a href="/es/submit/">solicitar su adhesión</a>.</p>'
            ),
        },
        "fr": {
            "title": "À propos des clusters",
            "summary": (
                "Six clusters thématiques où villes et organisations du Sud global apprennent des pratiques "
                "des unes et des autres et trouvent des partenaires, avec le Bureau des Nations Unies pour la "
                "coopération Sud-Sud."
            ),
        },
        "ru": {
            "title": "О кластерах",
            "summary": (
                "Шесть тематических кластеров, в которых города и организации Глобального Юга перенимают "
                "опыт друг друга и находят партнёров при содействии Управления ООН по сотрудничеству Юг-Юг."
            ),
        },
        "zh_hans": {
            "title": "关于集群",
            "summary": "六个主题集群，全球南方的城市和组织在联合国南南合作办公室的支持下互相学习实践经验、寻找合作伙伴。",
        },
        "pt": {
            "title": "Sobre os clusters",
            "summary": (
                "Seis clusters temáticos em que cidades e organizações do Sul Global aprendem com a prática "
                "umas das outras e encontram parceiros, com o Escritório das Nações Unidas para a Cooperação "
                "Sul-Sul."
            ),
        },
    },
    "contact": {
        "ar": {"title": "الاتصال بالأمانة", "summary": "كيف تتواصل مع أمانة المجموعات، وأي طريقة تناسب أي سؤال."},
        "es": {
            "title": "Contactar con la secretaría",
            "summary": "Cómo llegar a la secretaría y qué vía conviene a cada pregunta.",
        },
        "fr": {
            "title": "Contacter le secrétariat",
            "summary": "Comment joindre le secrétariat, et quelle voie pour quelle question.",
        },
        "ru": {
            "title": "Связаться с секретариатом",
            "summary": "Как связаться с секретариатом кластеров и какой способ подходит для какого вопроса.",
        },
        "zh_hans": {"title": "联系秘书处", "summary": "如何联系集群秘书处，以及不同问题适合的联系方式。"},
        "pt": {
            "title": "Contactar o secretariado",
            "summary": "Como chegar ao secretariado e qual a via para cada pergunta.",
        },
    },
    "privacy": {
        "ar": {"title": "الخصوصية", "summary": "ما تحفظه البوابة عن الزوار والشركاء، ولماذا، وإلى متى."},
        "es": {
            "title": "Privacidad",
            "summary": "Qué guarda el portal sobre visitantes y socios, por qué y durante cuánto tiempo.",
        },
        "fr": {
            "title": "Confidentialité",
            "summary": "Ce que le portail conserve sur les visiteurs et les partenaires, pourquoi et combien de temps.",
        },
        "ru": {
            "title": "Конфиденциальность",
            "summary": "Что портал хранит о посетителях и партнёрах, зачем и как долго.",
        },
        "zh_hans": {"title": "隐私", "summary": "门户网站保存访客和合作伙伴的哪些信息、原因以及保存期限。"},
        "pt": {
            "title": "Privacidade",
            "summary": "O que o portal guarda sobre visitantes e parceiros, porquê e durante quanto tempo.",
        },
    },
    "accessibility": {
        "ar": {"title": "إمكانية الوصول", "summary": "كيف بُنيت البوابة ليستخدمها الجميع، وكيف تبلّغ عن عائق."},
        "es": {
            "title": "Accesibilidad",
            "summary": "Cómo está hecho el portal para que todos puedan usarlo, y cómo informar de una barrera.",
        },
        "fr": {
            "title": "Accessibilité",
            "summary": "Comment le portail est conçu pour être utilisable par tous, et comment signaler un obstacle.",
        },
        "ru": {"title": "Доступность", "summary": "Как портал сделан удобным для всех и как сообщить о препятствии."},
        "zh_hans": {"title": "无障碍", "summary": "门户网站如何做到人人可用，以及如何报告使用障碍。"},
        "pt": {
            "title": "Acessibilidade",
            "summary": "Como o portal foi feito para ser usado por todos, e como comunicar uma barreira.",
        },
    },
}

# Good practices (solutions app) from the pilots the seeds describe, with SDG targets chosen by
# hand. Results as numbers only where a source gives a figure.
SOLUTIONS = [
    {
        "slug": "santiago-low-carbon-transport-pilot",
        "published_at": "2023-01-10T09:00:00+00:00",
        "title": "Low-carbon transport pilot in the Metropolitan Region of Santiago",
        "summary": (
            "Santiago's regional government pairs Chilean and Chinese experience in electric mobility and "
            "transport planning to cut emissions from public and private transport."
        ),
        "challenge": (
            "<p>Transport is a large share of the region's greenhouse gas emissions and its air pollution. "
            "The regional government has committed to electric mobility in public and private transport, "
            "and to a resilience strategy that treats climate change across all its work.</p>"
        ),
        "approach": (
            "<p>The UN Office for South-South Cooperation and the UNDP offices in Chile and China launched "
            "the pilot in December 2022. Planners from Santiago visited Hangzhou to study digital tools for "
            "bus operations, and an online exchange with Argentina and China followed.</p>"
        ),
        "results_text": "",
        "replication": (
            "<p>Start from a public commitment to electric mobility, then pair the transport authority with "
            "a city that already runs electric fleets and shares its operating data.</p>"
        ),
        "stage": "ongoing",
        "first_year": 2022,
        "lead_member": "santiago-metropolitan-regional-government",
        "partners": ["uoct-chile", "hangzhou-dtmaas-technology"],
        "clusters": ["transport"],
        "targets": ["11.2", "11.6", "13.2", "17.6"],
        "articles": ["santiago-low-carbon-transport-pilot-launch", "hangzhou-santiago-technology-exchange-workshop"],
        "events": ["urban-mobility-online-exchange-2023", "sstc-covid-19-recovery-sustainable-development-2022"],
        "results": [],
    },
    {
        "slug": "public-transport-data-platform",
        "published_at": "2023-02-01T09:00:00+00:00",
        "title": "A shared data platform for city bus operators",
        "summary": (
            "A Hangzhou company runs a software-as-a-service platform that combines bus, traffic and "
            "passenger data so that operators can plan routes and timetables, now in use across China."
        ),
        "challenge": (
            "<p>Bus operators hold data in separate systems and plan routes and timetables with little "
            "evidence of where passengers travel.</p>"
        ),
        "approach": (
            "<p>Hangzhou DTMaaS Technology, founded in 2017, built a cloud platform that brings together "
            "operators' own data, internet data and sensor data, and offers it to bus companies as a "
            "service. It shared the platform with Santiago's planners during their visit to Hangzhou.</p>"
        ),
        "results_text": "<p>The company reports that the platform runs in more than 50 Chinese cities.</p>",
        "replication": (
            "<p>Works where an operator can share its vehicle and ticketing data; the service model spares a "
            "city from building and hosting the system itself.</p>"
        ),
        "stage": "scaling",
        "first_year": 2017,
        "lead_member": "hangzhou-dtmaas-technology",
        "partners": ["santiago-metropolitan-regional-government"],
        "clusters": ["transport"],
        "targets": ["9.c", "11.2", "17.6"],
        "articles": ["hangzhou-santiago-technology-exchange-workshop"],
        "events": ["urban-mobility-online-exchange-2023"],
        "results": [
            {
                "indicator": "Chinese cities where the platform runs (more than)",
                "value": "50",
                "unit": "cities",
                "source": "Company profile, South-South Cities Clusters",
            },
            {
                "indicator": "Patents granted",
                "value": "6",
                "unit": "patents",
                "source": "Company profile, South-South Cities Clusters",
            },
            {
                "indicator": "Operational standards it helped develop",
                "value": "4",
                "unit": "standards",
                "source": "Company profile, South-South Cities Clusters",
            },
        ],
    },
    {
        "slug": "koidu-sustainable-waste-management",
        "published_at": "2022-11-01T09:00:00+00:00",
        "title": "Sustainable waste management in Koidu",
        "summary": (
            "Koidu New Sembehun City Council works with the Cities Project and UN-Habitat on land "
            "reclamation, reforestation, clean waterways and waste management."
        ),
        "challenge": (
            "<p>Mining has left land to reclaim around Koidu, and the city needs to clean its waterways and "
            "organise the collection and treatment of its waste.</p>"
        ),
        "approach": (
            "<p>An environmental needs assessment proposed in 2019 led to a pilot on sustainable waste "
            "management, presented by the mayor and a UN-Habitat waste consultant in October 2022.</p>"
        ),
        "results_text": "",
        "replication": "",
        "stage": "ongoing",
        "first_year": 2019,
        "lead_member": "koidu-new-sembehun-city-council",
        "partners": [],
        "clusters": ["waste"],
        "targets": ["11.6", "12.5", "6.3", "15.3"],
        "articles": ["cities-project-south-south-environmental-cooperation"],
        "events": ["sstc-covid-19-recovery-sustainable-development-2022"],
        "results": [],
    },
    {
        "slug": "heritage-cities-sustainable-tourism",
        "published_at": "2022-11-15T09:00:00+00:00",
        "title": "Sustainable tourism in Mexico's World Heritage Cities",
        "summary": (
            "Campeche and the National Association of Mexican World Heritage Cities pilot ways to welcome "
            "visitors while protecting historic centres."
        ),
        "challenge": (
            "<p>Visitors sustain the economy of historic centres, and can wear them down; the pandemic "
            "showed how fragile that income is.</p>"
        ),
        "approach": (
            "<p>A pilot with the national association of heritage cities, presented by Campeche and the "
            "association in October 2022.</p>"
        ),
        "results_text": "",
        "replication": "",
        "stage": "ongoing",
        "first_year": 2022,
        "lead_member": "campeche",
        "partners": [],
        "clusters": ["tourism"],
        "targets": ["8.9", "11.4", "12.b"],
        "articles": [],
        "events": ["sstc-covid-19-recovery-sustainable-development-2022"],
        "results": [],
    },
]

# Solutions in other languages: title and summary (the rest shows in English, marked so).
SOLUTION_TRANSLATIONS = {
    "santiago-low-carbon-transport-pilot": {
        "ar": {
            "title": "مشروع تجريبي للنقل منخفض الكربون في منطقة سانتياغو الحضرية",
            "summary": (
                "تجمع حكومة منطقة سانتياغو بين الخبرة التشيلية والصينية في التنقل الكهربائي وتخطيط النقل "
                "لخفض الانبعاثات من النقل العام والخاص."
            ),
        },
        "zh_hans": {
            "title": "圣地亚哥大都会区低碳交通试点",
            "summary": "圣地亚哥大区政府结合智利和中国在电动出行和交通规划方面的经验，减少公共和私人交通的排放。",
        },
        "es": {
            "title": "Piloto de transporte bajo en carbono en la Región Metropolitana de Santiago",
            "summary": (
                "El gobierno regional de Santiago une la experiencia chilena y china en electromovilidad y "
                "planificación del transporte para reducir las emisiones del transporte público y privado."
            ),
        },
    },
    "koidu-sustainable-waste-management": {
        "ar": {
            "title": "الإدارة المستدامة للنفايات في كويدو",
            "summary": (
                "يعمل مجلس مدينة كويدو نيو سيمبيهون مع مشروع المدن وموئل الأمم المتحدة على استصلاح "
                "الأراضي وإعادة التشجير وتنظيف المجاري المائية وإدارة النفايات."
            ),
        },
        "zh_hans": {
            "title": "科伊杜可持续废物管理",
            "summary": "科伊杜新森贝洪市议会与城市项目和联合国人居署合作，开展土地复垦、植树造林、水道清理和废物管理。",
        },
    },
}

# Partnership exchange (exchange app): requests and offers drawn from the pilots, exchanges and
# profiles above. Expiry dates and publication dates are counted from the day the demo is loaded.
EXCHANGE_POSTS = [
    {
        "slug": "kumasi-inland-logistics-hub",
        "member": "kumasi",
        "type": "seeking-expertise",
        "title": "How to plan a logistics hub for a trading city",
        "description": (
            "Kumasi is Ghana's second city and a trading hub. Since the 2022 online exchange on logistics "
            "with Zhengzhou and Jizzakh, the city wants to understand what it takes to plan and run a "
            "logistics hub that serves its traders.\n\n"
            "We would like to learn from a city that has already built one: how the site was chosen, "
            "who invested, and how small businesses use it."
        ),
        "details": (
            "A study visit for three to four city planners, or a series of online sessions, with a city "
            "that runs a logistics hub or an airport economy zone."
        ),
        "clusters": ["e-commerce"],
        "targets": ["9.1", "8.2", "17.6"],
        "formats": ["study-visit", "online"],
        "languages": ["en"],
        "language": "en",
        "days_ago": 21,
        "expires_in": 160,
    },
    {
        "slug": "zhengzhou-logistics-hub-study-visit",
        "member": "zhengzhou",
        "type": "hosting-visit",
        "title": "Study visit: a national logistics hub in Zhengzhou",
        "description": (
            "Zhengzhou, the capital of Henan Province, is one of China's national logistics hubs, with the "
            "Zhengzhou Airport Economy Zone and its air cargo links.\n\n"
            "The city offers to host delegations from partner cities that are planning logistics hubs or "
            "trade corridors of their own."
        ),
        "details": (
            "A three-day programme: the airport economy zone, a multimodal freight terminal, and meetings "
            "with the municipal departments that plan them. Visitors cover their travel."
        ),
        "clusters": ["e-commerce", "transport"],
        "targets": ["9.1", "17.6"],
        "formats": ["study-visit", "workshop"],
        "languages": ["zh-hans", "en"],
        "language": "en",
        "days_ago": 40,
        "expires_in": 140,
    },
    {
        "slug": "jizzakh-trade-corridors",
        "member": "jizzakh",
        "type": "seeking-expertise",
        "title": "Торговые коридоры и логистика: опыт для Джизакской области",
        "description": (
            "Джизакская область Узбекистана участвовала в онлайн-обмене по логистике в 2022 году вместе "
            "с городами Ганы и Китая.\n\n"
            "Область ищет партнёров, которые поделятся опытом развития торговых коридоров и логистических "
            "центров."
        ),
        "details": "Онлайн-семинары или приезд экспертов по планированию логистических центров.",
        "clusters": ["e-commerce"],
        "targets": ["9.1", "17.11"],
        "formats": ["online", "expert-mission"],
        "languages": ["ru", "en"],
        "language": "ru",
        "days_ago": 12,
        "expires_in": 170,
    },
    {
        "slug": "koidu-waste-management-expertise",
        "member": "koidu-new-sembehun-city-council",
        "type": "seeking-expertise",
        "title": "Waste management expertise for Koidu",
        "description": (
            "Koidu New Sembehun City Council runs a pilot on sustainable waste management with the Cities "
            "Project and UN-Habitat. Mining has left land to reclaim around the city, and its waterways "
            "need cleaning.\n\n"
            "The council is looking for a city or agency that has organised household waste collection, "
            "recycling and safe disposal with a modest budget."
        ),
        "details": (
            "An expert mission of one or two waste management specialists for about a week, to review the "
            "collection routes and the disposal site, followed by online advice."
        ),
        "clusters": ["waste"],
        "targets": ["11.6", "12.5", "6.3"],
        "formats": ["expert-mission", "online"],
        "languages": ["en"],
        "language": "en",
        "days_ago": 30,
        "expires_in": 150,
    },
    {
        "slug": "sao-paulo-waste-management-experience",
        "member": "sao-paulo",
        "type": "offering-expertise",
        "title": "Municipal waste management: São Paulo shares its experience",
        "description": (
            "Waste management is one of the fields in which the City Hall of São Paulo has made its largest "
            "recent gains, along with transport.\n\n"
            "Its teams offer to share how the city organises waste collection, recycling and disposal with "
            "cities starting or reforming their own waste services."
        ),
        "details": (
            "Online exchanges with the city's waste management teams, and a workshop or a visit for cities "
            "that want to see collection and recycling on the ground."
        ),
        "clusters": ["waste"],
        "targets": ["11.6", "12.5"],
        "formats": ["online", "workshop", "study-visit"],
        "languages": ["pt", "en", "es"],
        "language": "en",
        "days_ago": 55,
        "expires_in": 125,
    },
    {
        "slug": "santiago-bus-data-platform-sought",
        "member": "santiago-metropolitan-regional-government",
        "type": "technology-sought",
        "title": "Datos para planificar el transporte público eléctrico",
        "description": (
            "El Gobierno Regional Metropolitano de Santiago se ha comprometido con la electromovilidad en "
            "el transporte público y privado.\n\n"
            "Buscamos herramientas que reúnan los datos de operación de los buses, del tránsito y de los "
            "pasajeros para planificar recorridos y horarios."
        ),
        "details": (
            "Una plataforma de datos para operadores de buses, ofrecida como servicio, y acompañamiento "
            "técnico para adaptarla a la región."
        ),
        "clusters": ["transport"],
        "targets": ["11.2", "9.c"],
        "formats": ["online", "expert-mission"],
        "languages": ["es", "en"],
        "language": "es",
        "days_ago": 18,
        "expires_in": 165,
    },
    {
        "slug": "hangzhou-public-transport-data-platform",
        "member": "hangzhou-dtmaas-technology",
        "type": "technology-offered",
        "title": "A data platform for public transport operators",
        "description": (
            "Hangzhou DTMaaS Technology's cloud platform brings together bus operators' own data, internet "
            "data and sensor data, and runs in more than 50 Chinese cities.\n\n"
            "The company offers to present it to transport authorities abroad and to adapt it with them."
        ),
        "details": (
            "Online demonstrations, then a pilot with one operator. Planners can also visit Hangzhou to see "
            "the platform in daily use."
        ),
        "clusters": ["transport"],
        "targets": ["11.2", "9.c", "17.6"],
        "formats": ["online", "study-visit"],
        "languages": ["zh-hans", "en"],
        "language": "en",
        "days_ago": 60,
        "expires_in": 120,
    },
    {
        "slug": "santiago-hangzhou-study-visit",
        "member": "santiago-metropolitan-regional-government",
        "type": "seeking-expertise",
        "title": "Learning how Hangzhou uses data in bus operations",
        "description": (
            "As part of the low-carbon transport pilot launched in December 2022, the regional government "
            "wanted its planners to see how a Chinese city uses data in public transport."
        ),
        "details": "A study visit and a technical workshop for a specialist in mobility and transport.",
        "clusters": ["transport"],
        "targets": ["11.2", "17.6"],
        "formats": ["study-visit", "workshop"],
        "languages": ["es", "en"],
        "language": "en",
        "state": "met",
        "outcome": (
            "A specialist from Santiago's Department of Mobility and Transport visited Hangzhou in 2023 for a "
            "workshop on digital tools for bus operations; the two sides keep exchanging technical know-how."
        ),
        "days_ago": 200,
        "expires_in": 10,
    },
    {
        "slug": "uoct-traffic-signal-control",
        "member": "uoct-chile",
        "type": "offering-expertise",
        "title": "Real-time traffic signal control across a country",
        "description": (
            "Chile's Operational Traffic Control Unit has watched and coordinated traffic lights in real "
            "time since 1990, today in the main cities of nine regions.\n\n"
            "It offers its experience to cities that are setting up a traffic control centre."
        ),
        "details": "Online sessions with the unit's engineers, or a visit to its control room in Santiago.",
        "clusters": ["transport"],
        "targets": ["11.2", "3.6"],
        "formats": ["online", "study-visit"],
        "languages": ["es"],
        "language": "en",
        "days_ago": 8,
        "expires_in": 175,
    },
    {
        "slug": "icrg-risk-governance-training",
        "member": "icrg-beijing-normal-university",
        "type": "offering-expertise",
        "title": "Risk governance: contingency planning and disaster data for cities",
        "description": (
            "The Innovation Center for Risk Governance at Beijing Normal University combines rapid support "
            "during large disasters with long-term data and evaluation work.\n\n"
            "Its researchers offer training for city officials on contingency plans, multi-sector response "
            "teams and ways to evaluate them."
        ),
        "details": "A workshop of two to three days, online or in the partner city, with a follow-up review.",
        "clusters": ["drr"],
        "targets": ["11.5", "11.b", "13.1"],
        "formats": ["workshop", "online"],
        "languages": ["zh-hans", "en"],
        "language": "en",
        "days_ago": 35,
        "expires_in": 145,
    },
    {
        "slug": "buenos-aires-heatwaves",
        "member": "buenos-aires",
        "type": "seeking-expertise",
        "title": "Heatwaves and urban heat islands: partners wanted",
        "description": (
            "Buenos Aires aims to be carbon-neutral, resilient and inclusive by 2050 and works on the impact "
            "of heatwaves and urban heat islands, increasingly with nature-based solutions.\n\n"
            "The city is looking for cities and researchers that have measured what such measures achieve."
        ),
        "details": "An online exchange between climate teams, and joint work with a university.",
        "clusters": ["drr"],
        "targets": ["11.b", "13.1", "13.2"],
        "formats": ["online"],
        "languages": ["es", "en"],
        "language": "en",
        "state": "discussion",
        "days_ago": 90,
        "expires_in": 90,
    },
    {
        "slug": "campeche-heritage-tourism-visit",
        "member": "campeche",
        "type": "hosting-visit",
        "title": "Study visit: visitors and heritage in Campeche's historic centre",
        "description": (
            "Campeche, a Mexican World Heritage City, takes part in a pilot on sustainable tourism with the "
            "national association of heritage cities.\n\n"
            "The city invites other heritage cities to see how it welcomes visitors while protecting its "
            "historic centre."
        ),
        "details": "A two-day visit with the municipal teams in charge of the historic centre and of tourism.",
        "clusters": ["tourism"],
        "targets": ["8.9", "11.4"],
        "formats": ["study-visit"],
        "languages": ["es", "en"],
        "language": "en",
        "days_ago": 25,
        "expires_in": 155,
    },
    {
        "slug": "baguio-visitor-management",
        "member": "baguio",
        "type": "seeking-expertise",
        "title": "Managing visitor numbers in a mountain city",
        "description": (
            "Baguio, the tourism hub of the Cordillera region, welcomed around 1.3 million visitors in 2016. "
            "The city wanted to learn how other destinations spread visitors over the year."
        ),
        "details": "Online exchanges with tourism offices of cities that face seasonal peaks.",
        "clusters": ["tourism"],
        "targets": ["8.9", "12.b"],
        "formats": ["online"],
        "languages": ["en"],
        "language": "en",
        "state": "expired",
        "days_ago": 220,
        "expires_in": -30,
    },
    {
        "slug": "aparecida-testing-and-vaccination",
        "member": "aparecida-de-goiania",
        "type": "offering-expertise",
        "title": "Testagem em massa e agendamento da vacinação: a experiência de Aparecida de Goiânia",
        "description": (
            "Durante a pandemia de COVID-19, Aparecida de Goiânia fez testagem em massa, acompanhou os "
            "pacientes e criou um aplicativo para agendar a vacinação.\n\n"
            "A prefeitura oferece essa experiência a cidades que preparam a resposta a futuras emergências "
            "de saúde."
        ),
        "details": "Sessões online com as equipes de saúde e de tecnologia da prefeitura.",
        "clusters": ["covid-19"],
        "targets": ["3.8", "3.d"],
        "formats": ["online"],
        "languages": ["pt", "en"],
        "language": "pt",
        "days_ago": 45,
        "expires_in": 135,
    },
    {
        "slug": "henan-air-cargo-emergency-supplies",
        "member": "henan-civil-aviation",
        "type": "offering-expertise",
        "title": "Air cargo corridors for emergency supplies",
        "description": (
            "In March 2020 a freight flight on the 'Air Silk Road' carried medical supplies from Henan to "
            "Luxembourg. Henan Civil Aviation offers what it learned about moving urgent goods by air "
            "cargo to cities and regions preparing for emergencies."
        ),
        "details": "An online exchange with the teams that run the cargo link, or a workshop in Zhengzhou.",
        "clusters": ["covid-19", "e-commerce"],
        "targets": ["3.d", "17.6"],
        "formats": ["online", "workshop"],
        "languages": ["zh-hans", "en"],
        "language": "en",
        "days_ago": 70,
        "expires_in": 110,
    },
]

# Expressions of interest waiting in the admin: invented people at example.org addresses.
EXCHANGE_INTERESTS = [
    {
        "post": "koidu-waste-management-expertise",
        "form_token": "6f1c1e1a-0d5b-4c8e-9d51-1a9d3e0c7b01",
        "organisation": "Example Waste Cooperative",
        "name": "Demo Person One",
        "email": "demo.one@waste-coop.example.org",
        "proposal": "Two of our engineers could review the collection routes and the disposal site.",
        "questions": "How much waste does the city collect each week, and with which vehicles?",
        "about": "A cooperative of municipal waste operators (an invented organisation for the demo).",
        "status": "received",
        "days_ago": 3,
    },
    {
        "post": "hangzhou-public-transport-data-platform",
        "form_token": "6f1c1e1a-0d5b-4c8e-9d51-1a9d3e0c7b02",
        "organisation": "Example Transit Authority",
        "name": "Demo Person Two",
        "email": "demo.two@transit.example.org",
        "proposal": "A pilot of the platform with one bus operator of our city.",
        "questions": "Which data does an operator need to share, and where is it stored?",
        "about": "The public transport authority of a mid-sized city (an invented organisation for the demo).",
        "status": "forwarded",
        "days_ago": 12,
        "note": "Both sides asked for an online call first.",
    },
]

# Two invented subscribers (example.org addresses): one follows two clusters weekly in Spanish, the
# other every cluster monthly in Arabic; each asked to be reminded of a webinar, and each had the
# digest of the period that has just ended.
SUBSCRIBERS = [
    {
        "email": "demo.reader@city-hall.example.org",
        "language": "es",
        "all_clusters": False,
        "clusters": ["waste", "transport"],
        "topics": ["news", "events", "solutions", "exchange"],
        "frequency": "weekly",
        "days_ago": 40,
        "reminders": ["logistics-online-exchange-2022"],
    },
    {
        "email": "demo.planner@ministry.example.org",
        "language": "ar",
        "all_clusters": True,
        "clusters": [],
        "topics": ["events", "exchange"],
        "frequency": "monthly",
        "days_ago": 75,
        "reminders": ["sstc-covid-19-recovery-sustainable-development-2022"],
    },
]
