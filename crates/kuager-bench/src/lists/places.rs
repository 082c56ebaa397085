//! A small gazetteer of Kazakhstan for the list generator: each city with
//! its weight among the people affected in January 2022 (the regions where
//! the protests and the detentions were), its Russian, Kazakh and Latin
//! names (the current one first, then older or other forms), and its
//! region.

pub struct City {
    pub weight: f64,
    pub ru: &'static [&'static str],
    pub kk: &'static [&'static str],
    pub en: &'static [&'static str],
    /// The region in Russian, Kazakh and English; `None` for the cities of
    /// republican significance, which belong to no region.
    pub region: Option<(&'static str, &'static str, &'static str)>,
}

const ALMATY_REG: Option<(&str, &str, &str)> =
    Some(("Алматинская область", "Алматы облысы", "Almaty Region"));
const KARAGANDA_REG: Option<(&str, &str, &str)> = Some((
    "Карагандинская область",
    "Қарағанды облысы",
    "Karaganda Region",
));
const MANGYSTAU_REG: Option<(&str, &str, &str)> = Some((
    "Мангистауская область",
    "Маңғыстау облысы",
    "Mangystau Region",
));
const PAVLODAR_REG: Option<(&str, &str, &str)> =
    Some(("Павлодарская область", "Павлодар облысы", "Pavlodar Region"));

pub const CITIES: &[City] = &[
    City {
        weight: 22.0,
        ru: &["Алматы", "Алма-Ата"],
        kk: &["Алматы"],
        en: &["Almaty", "Alma-Ata"],
        region: None,
    },
    City {
        weight: 6.0,
        // The capital was called Nur-Sultan from 2019 to September 2022.
        ru: &["Нур-Султан", "Астана"],
        kk: &["Нұр-Сұлтан", "Астана"],
        en: &["Nur-Sultan", "Astana"],
        region: None,
    },
    City {
        weight: 7.0,
        ru: &["Шымкент", "Чимкент"],
        kk: &["Шымкент"],
        en: &["Shymkent", "Chimkent"],
        region: None,
    },
    City {
        weight: 5.0,
        ru: &["Караганда"],
        kk: &["Қарағанды"],
        en: &["Karaganda", "Karagandy", "Qaraghandy"],
        region: KARAGANDA_REG,
    },
    City {
        weight: 4.0,
        ru: &["Актобе", "Актюбинск"],
        kk: &["Ақтөбе"],
        en: &["Aktobe", "Aqtobe", "Aktyubinsk"],
        region: Some(("Актюбинская область", "Ақтөбе облысы", "Aktobe Region")),
    },
    City {
        weight: 5.0,
        ru: &["Тараз", "Джамбул"],
        kk: &["Тараз"],
        en: &["Taraz", "Dzhambul"],
        region: Some(("Жамбылская область", "Жамбыл облысы", "Zhambyl Region")),
    },
    City {
        weight: 2.0,
        ru: &["Павлодар"],
        kk: &["Павлодар"],
        en: &["Pavlodar"],
        region: PAVLODAR_REG,
    },
    City {
        weight: 2.5,
        ru: &["Усть-Каменогорск", "Оскемен"],
        kk: &["Өскемен"],
        en: &["Ust-Kamenogorsk", "Oskemen", "Öskemen"],
        region: Some((
            "Восточно-Казахстанская область",
            "Шығыс Қазақстан облысы",
            "East Kazakhstan Region",
        )),
    },
    City {
        weight: 1.5,
        ru: &["Семей", "Семипалатинск"],
        kk: &["Семей"],
        en: &["Semey", "Semipalatinsk"],
        region: Some(("Абайская область", "Абай облысы", "Abai Region")),
    },
    City {
        weight: 3.0,
        ru: &["Кызылорда", "Кзыл-Орда"],
        kk: &["Қызылорда"],
        en: &["Kyzylorda", "Qyzylorda"],
        region: Some((
            "Кызылординская область",
            "Қызылорда облысы",
            "Kyzylorda Region",
        )),
    },
    City {
        weight: 3.0,
        ru: &["Атырау", "Гурьев"],
        kk: &["Атырау"],
        en: &["Atyrau"],
        region: Some(("Атырауская область", "Атырау облысы", "Atyrau Region")),
    },
    City {
        weight: 5.0,
        ru: &["Актау", "Шевченко"],
        kk: &["Ақтау"],
        en: &["Aktau", "Aqtau"],
        region: MANGYSTAU_REG,
    },
    City {
        weight: 5.0,
        ru: &["Жанаозен", "Новый Узень"],
        kk: &["Жаңаөзен"],
        en: &["Zhanaozen", "Janaozen"],
        region: MANGYSTAU_REG,
    },
    City {
        weight: 5.0,
        ru: &["Талдыкорган"],
        kk: &["Талдықорған"],
        en: &["Taldykorgan", "Taldyqorghan"],
        region: ALMATY_REG,
    },
    City {
        weight: 1.5,
        ru: &["Конаев", "Капчагай"],
        kk: &["Қонаев", "Қапшағай"],
        en: &["Konaev", "Kapchagay", "Qonaev"],
        region: ALMATY_REG,
    },
    City {
        weight: 2.0,
        ru: &["Костанай", "Кустанай"],
        kk: &["Қостанай"],
        en: &["Kostanay", "Qostanay", "Kustanai"],
        region: Some(("Костанайская область", "Қостанай облысы", "Kostanay Region")),
    },
    City {
        weight: 1.0,
        ru: &["Петропавловск", "Петропавл"],
        kk: &["Петропавл"],
        en: &["Petropavl", "Petropavlovsk"],
        region: Some((
            "Северо-Казахстанская область",
            "Солтүстік Қазақстан облысы",
            "North Kazakhstan Region",
        )),
    },
    City {
        weight: 2.0,
        ru: &["Уральск", "Орал"],
        kk: &["Орал"],
        en: &["Oral", "Uralsk"],
        region: Some((
            "Западно-Казахстанская область",
            "Батыс Қазақстан облысы",
            "West Kazakhstan Region",
        )),
    },
    City {
        weight: 1.5,
        ru: &["Туркестан"],
        kk: &["Түркістан"],
        en: &["Turkistan", "Turkestan"],
        region: Some((
            "Туркестанская область",
            "Түркістан облысы",
            "Turkistan Region",
        )),
    },
    City {
        weight: 1.0,
        ru: &["Экибастуз"],
        kk: &["Екібастұз"],
        en: &["Ekibastuz", "Yekibastuz"],
        region: PAVLODAR_REG,
    },
    City {
        weight: 1.0,
        ru: &["Кокшетау", "Кокчетав"],
        kk: &["Көкшетау"],
        en: &["Kokshetau", "Kokchetav"],
        region: Some(("Акмолинская область", "Ақмола облысы", "Akmola Region")),
    },
    City {
        weight: 1.0,
        ru: &["Темиртау"],
        kk: &["Теміртау"],
        en: &["Temirtau"],
        region: KARAGANDA_REG,
    },
    City {
        weight: 0.5,
        ru: &["Жезказган", "Джезказган"],
        kk: &["Жезқазған"],
        en: &["Zhezkazgan", "Jezkazgan"],
        region: KARAGANDA_REG,
    },
    City {
        weight: 1.5,
        ru: &["Талгар"],
        kk: &["Талғар"],
        en: &["Talgar"],
        region: ALMATY_REG,
    },
    City {
        weight: 0.5,
        ru: &["Есик", "Иссык"],
        kk: &["Есік"],
        en: &["Yesik", "Esik", "Issyk"],
        region: ALMATY_REG,
    },
];
