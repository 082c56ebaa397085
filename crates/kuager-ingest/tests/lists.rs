//! Reading external lists of people (CSV and XLSX) with
//! `kuager_ingest::lists::read_list`. Every fixture is built here.

use kuager_ingest::lists::{
    read_list, ColumnMap, ColumnMapError, ListError, ListField, ListRead, ListRecord, RowError,
    DERIVED_ID_PREFIX,
};

fn read(name: &str, bytes: &[u8]) -> ListRead {
    read_list(name, bytes, &ColumnMap::new()).unwrap_or_else(|e| panic!("{e}"))
}

fn record<'a>(list: &'a ListRead, id: &str) -> &'a ListRecord {
    list.records
        .iter()
        .find(|r| r.record_id == id)
        .unwrap_or_else(|| panic!("no record {id} in {:#?}", list.records))
}

fn error_at(list: &ListRead, row: usize) -> &RowError {
    list.errors
        .iter()
        .find(|e| e.row == row)
        .unwrap_or_else(|| panic!("no error on row {row} in {:#?}", list.errors))
}

fn columns(list: &ListRead) -> Vec<(&str, &str)> {
    list.columns
        .iter()
        .map(|(f, h)| (f.as_str(), h.as_str()))
        .collect()
}

#[test]
fn utf8_comma_csv_with_bom_quotes_and_line_breaks() {
    let csv = "\u{feff}№,ФИО,Год рождения,Город,Дата задержания,Примечание\r\n\
               1,Мендыгазиев Арман Серикович,1985,Алматы,05.01.2022,\"задержан у дома, \"\"Самал-2\"\"\nдоставлен в РУВД\"\r\n\
               2,\"Атабек, Арон\",1953 г.,Астана,2022-01-06,\r\n\
               3,Жакупова Асель,,,\"6 января 2022 г.\",\r\n";
    let list = read("список.csv", csv.as_bytes());
    assert_eq!(list.encoding, "UTF-8");
    assert_eq!(list.delimiter, Some(','));
    assert_eq!(list.sheet, None);
    assert!(list.errors.is_empty(), "{:#?}", list.errors);
    assert_eq!(
        columns(&list),
        [
            ("record_id", "№"),
            ("full_name", "ФИО"),
            ("birth_year", "Год рождения"),
            ("city", "Город"),
            ("event_date", "Дата задержания"),
            ("notes", "Примечание"),
        ]
    );
    assert_eq!(list.records.len(), 3);

    let first = record(&list, "1");
    assert_eq!(first.row, 2);
    assert_eq!(first.full_name, "Мендыгазиев Арман Серикович");
    assert_eq!(first.birth_year, Some(1985));
    assert_eq!(first.birth_date, None);
    assert_eq!(first.city.as_deref(), Some("Алматы"));
    assert_eq!(first.event_date.as_deref(), Some("2022-01-05"));
    assert_eq!(
        first.notes,
        "Примечание: задержан у дома, \"Самал-2\"\nдоставлен в РУВД"
    );
    assert_eq!(
        (first.given.as_deref(), first.family.as_deref()),
        (None, None)
    );

    // The quoted line break makes record 2 start on line 4.
    let second = record(&list, "2");
    assert_eq!(second.row, 4);
    assert_eq!(second.full_name, "Атабек, Арон");
    assert_eq!(second.birth_year, Some(1953));
    assert_eq!(second.notes, "");

    let third = record(&list, "3");
    assert_eq!(third.row, 5);
    assert_eq!(third.birth_year, None);
    assert_eq!(third.city, None);
    assert_eq!(third.event_date.as_deref(), Some("2022-01-06"));
}

#[test]
fn cp1251_semicolon_csv() {
    let text = "ФИО;Дата рождения;Город;Дата\n\
                Иванов Иван Иванович;12.03.1985;Алматы;05.01.2022\n\
                Петров Пётр;1990;Шымкент;01.2022\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err());
    let list = read("list.CSV", &bytes);
    assert_eq!(list.encoding, "windows-1251");
    assert_eq!(list.delimiter, Some(';'));
    assert!(list.errors.is_empty(), "{:#?}", list.errors);
    let [ivanov, petrov] = list.records.as_slice() else {
        panic!("{:#?}", list.records)
    };
    assert_eq!(ivanov.full_name, "Иванов Иван Иванович");
    assert_eq!(ivanov.birth_date.as_deref(), Some("1985-03-12"));
    assert_eq!(ivanov.birth_year, Some(1985));
    assert_eq!(ivanov.city.as_deref(), Some("Алматы"));
    assert_eq!(petrov.full_name, "Петров Пётр");
    // A birth date that is only a year gives the year, not a date.
    assert_eq!(
        (petrov.birth_year, petrov.birth_date.as_deref()),
        (Some(1990), None)
    );
    assert_eq!(petrov.event_date.as_deref(), Some("2022-01"));
    assert_eq!(petrov.row, 3);
}

#[test]
fn semicolons_win_over_commas_inside_unquoted_names() {
    let csv = "ФИО;Год рождения\nИванов, Иван;1985\nПетров, Пётр;1990\n";
    let list = read("a.csv", csv.as_bytes());
    assert_eq!(list.delimiter, Some(';'));
    assert_eq!(list.records[0].full_name, "Иванов, Иван");
    assert_eq!(list.records[1].birth_year, Some(1990));
}

#[test]
fn tab_separated_with_separate_name_columns() {
    let tsv = "Фамилия\tИмя\tОтчество\tГ.р.\n\
               Мендыгазиев\tАрман\tСерикович\t1985\n\
               Атабек\tАрон\t\t1953\n";
    let list = read("list.tsv", tsv.as_bytes());
    assert_eq!(list.delimiter, Some('\t'));
    assert!(list.errors.is_empty(), "{:#?}", list.errors);
    let r = &list.records[0];
    assert_eq!(r.full_name, "Мендыгазиев Арман Серикович");
    assert_eq!(r.family.as_deref(), Some("Мендыгазиев"));
    assert_eq!(r.given.as_deref(), Some("Арман"));
    assert_eq!(r.patronymic.as_deref(), Some("Серикович"));
    assert_eq!(r.birth_year, Some(1985));
    assert_eq!(list.records[1].full_name, "Атабек Арон");
    assert_eq!(list.records[1].patronymic, None);

    // Latin names are built given name first; Kazakh headers work too.
    let tsv = "Given name\tFamily name\tCity\nAron\tAtabek\tAlmaty\n";
    let list = read("en.txt", tsv.as_bytes());
    assert_eq!(list.records[0].full_name, "Aron Atabek");
    let tsv = "Тегі\tАты\tӘкесінің аты\tТуған күні\nМендыгазиев\tАрман\tСерікұлы\t1985-03-12\n";
    let list = read("kk.tsv", tsv.as_bytes());
    assert_eq!(list.records[0].full_name, "Мендыгазиев Арман Серікұлы");
    assert_eq!(list.records[0].birth_date.as_deref(), Some("1985-03-12"));
}

#[test]
fn pipes_excel_separator_line_and_utf16() {
    let list = read("p.csv", b"name|city\nAron Atabek|Almaty\n");
    assert_eq!(list.delimiter, Some('|'));
    assert_eq!(list.records[0].city.as_deref(), Some("Almaty"));

    // Excel's "sep=" line: the header is on line 2.
    let list = read("s.csv", b"sep=;\nname;id\nAron Atabek;7\n");
    assert_eq!(list.delimiter, Some(';'));
    assert_eq!(list.records[0].record_id, "7");
    assert_eq!(list.records[0].row, 3);

    // Excel's "Unicode text": UTF-16LE with a byte order mark, tabs.
    let mut bytes = vec![0xff, 0xfe];
    for unit in "ФИО\tГород\r\nАтабек Арон\tАлматы\r\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let list = read("unicode.txt", &bytes);
    assert_eq!(list.encoding, "UTF-16LE");
    assert_eq!(list.records[0].full_name, "Атабек Арон");
}

#[test]
fn a_title_above_the_header_is_skipped() {
    let csv = "Список задержанных 5 января 2022 года\n\nФИО,Дата\nАтабек Арон,05.01.2022\n";
    let list = read("t.csv", csv.as_bytes());
    assert_eq!(list.records.len(), 1);
    assert_eq!(list.records[0].row, 4);
}

#[test]
fn explicit_mapping_overrides_headers() {
    let csv = "Задержанный,Когда,Дата,Город\n\
               Атабек Арон,05.01.2022,не дата,Алматы\n";
    // Without a mapping there is no name column…
    let e = read_list("m.csv", csv.as_bytes(), &ColumnMap::new()).unwrap_err();
    assert!(matches!(e, ListError::NoNameColumn { .. }), "{e:?}");
    assert!(
        e.to_string().starts_with("m.csv: no column with names"),
        "{e}"
    );
    assert!(e.to_string().contains("\"Задержанный\""), "{e}");

    // …with one, "Дата" is a note and there is no city column.
    let map = ColumnMap::parse([
        "full_name=задержанный",
        "date = Когда",
        "notes=Дата",
        "city=",
    ])
    .unwrap();
    let list = read_list("m.csv", csv.as_bytes(), &map).unwrap();
    assert!(list.errors.is_empty(), "{:#?}", list.errors);
    let r = &list.records[0];
    assert_eq!(r.full_name, "Атабек Арон");
    assert_eq!(r.event_date.as_deref(), Some("2022-01-05"));
    assert_eq!(r.city, None);
    assert_eq!(r.notes, "Дата: не дата\nГород: Алматы");
    assert_eq!(
        columns(&list),
        [
            ("full_name", "Задержанный"),
            ("event_date", "Когда"),
            ("notes", "Дата"),
            ("notes", "Город"),
        ]
    );

    // A mapped header that is not there names the file, field and header.
    let map = ColumnMap::parse(["full_name=ФИО"]).unwrap();
    let e = read_list("m.csv", csv.as_bytes(), &map).unwrap_err();
    assert!(
        matches!(&e, ListError::MissingColumn { field, header, .. } if field == "full_name" && header == "ФИО"),
        "{e:?}"
    );
    assert!(e
        .to_string()
        .starts_with("m.csv: no column headed \"ФИО\" for full_name"));
}

#[test]
fn column_map_entries_are_checked() {
    assert_eq!(
        ColumnMap::parse(["full_name"]),
        Err(ColumnMapError::Syntax("full_name".into()))
    );
    assert_eq!(
        ColumnMap::parse(["nickname=Ник"]),
        Err(ColumnMapError::UnknownField("nickname".into()))
    );
    assert_eq!(
        ColumnMap::parse(["name=A", "full_name=B"]),
        Err(ColumnMapError::Duplicate(ListField::FullName))
    );
    assert_eq!(
        ColumnMap::parse(["name=ФИО", "city=фио"]),
        Err(ColumnMapError::SameHeader("фио".into()))
    );
    let map = ColumnMap::parse(["notes=A", "notes=B", "Surname=Фам"]).unwrap();
    assert_eq!(map.entries().len(), 3);
    assert_eq!(map.entries()[2], (ListField::FamilyName, "Фам".to_string()));
    for field in ListField::ALL {
        assert_eq!(ListField::from_name(field.name()), Some(field));
    }
}

#[test]
fn bad_rows_are_reported_and_the_rest_kept() {
    let year_after = 2200;
    let csv = format!(
        "id;ФИО;Год рождения;Дата рождения;Дата задержания\n\
         1;Атабек Арон;1953;;05.01.2022\n\
         2;;1980;;\n\
         3;Старик Старый;1850;;\n\
         4;Будущий Юный;{year_after};;\n\
         5;Неверная Дата;;32.01.1990;\n\
         6;Плохое Событие;;;вчера\n\
         1;Дубль Первого;;;\n\
         7;Несовпадение Лет;1980;12.03.1985;\n\
         8;12345;;;\n\
         9;Короткий Год;;05.01.85;\n\
         10;Хороший Последний;;;2022-01-05T00:00:00\n"
    );
    let list = read("bad.csv", csv.as_bytes());
    let ids: Vec<&str> = list.records.iter().map(|r| r.record_id.as_str()).collect();
    assert_eq!(ids, ["1", "10"]);
    assert_eq!(list.records[1].row, 12);
    assert_eq!(list.records[1].event_date.as_deref(), Some("2022-01-05"));

    let check = |row: usize, field: &str, words: &str| {
        let e = error_at(&list, row);
        assert_eq!(e.field.as_deref(), Some(field), "{e}");
        assert!(e.reason.contains(words), "row {row}: {e}");
    };
    check(3, "full_name", "no name");
    check(4, "birth_year", "1850 is not possible");
    check(5, "birth_year", &format!("{year_after} is not possible"));
    check(6, "birth_date", "has no day 32");
    check(7, "event_date", "\"вчера\" is not a date");
    check(8, "record_id", "duplicate record id \"1\" (first on row 2)");
    check(9, "birth_year", "does not match birth date 1985-03-12");
    check(10, "full_name", "is not a name");
    check(11, "birth_date", "two-digit year");
    assert_eq!(list.errors.len(), 9, "{:#?}", list.errors);
    assert!(error_at(&list, 4)
        .to_string()
        .starts_with("row 4, birth_year: year 1850 is not possible (expected 1900–"));
}

#[test]
fn rows_without_ids_get_stable_ids_from_their_content() {
    let csv =
        "ФИО,Город,Заметка\nАтабек Арон,Алматы,x\nЖакупова Асель,Астана,\nАтабек Арон,Алматы,x\n";
    let a = read("ids.csv", csv.as_bytes());
    let b = read("renamed.csv", csv.as_bytes());
    assert_eq!(a.records.len(), 2);
    assert_eq!(a.records, b.records);
    for r in &a.records {
        assert!(
            r.record_id.starts_with(DERIVED_ID_PREFIX),
            "{}",
            r.record_id
        );
        assert_eq!(r.record_id.len(), DERIVED_ID_PREFIX.len() + 16);
    }
    assert_ne!(a.records[0].record_id, a.records[1].record_id);
    // An identical row is a duplicate of the first.
    let e = error_at(&a, 4);
    assert_eq!(e.field.as_deref(), Some("record_id"));
    assert!(e.reason.contains("first on row 2"), "{e}");

    // The same row elsewhere in another file keeps its id.
    let other = "ФИО,Город,Заметка\nЖакупова Асель,Астана,\n";
    let c = read("other.csv", other.as_bytes());
    assert_eq!(c.records[0].record_id, a.records[1].record_id);
}

#[test]
fn file_level_problems_name_the_file() {
    let map = ColumnMap::new();
    let err = |name: &str, bytes: &[u8]| read_list(name, bytes, &map).unwrap_err();
    assert_eq!(err("e.csv", b"").to_string(), "e.csv: empty list (no rows)");
    assert_eq!(
        err("blank.csv", b" \n;;;\n\n").to_string(),
        "blank.csv: empty list (no rows)"
    );
    let e = err("list.docx", b"whatever");
    assert!(
        e.to_string()
            .starts_with("list.docx: unsupported list type '.docx' (supported: .csv"),
        "{e}"
    );
    assert_eq!(e.file(), "list.docx");
    assert!(err("noext", b"a,b").to_string().contains("(no extension)"));
    let e = err("fake.xlsx", "ФИО\nАтабек".as_bytes());
    assert!(matches!(e, ListError::Xlsx { .. }), "{e:?}");
    assert!(e
        .to_string()
        .starts_with("fake.xlsx: cannot read the workbook"));
    let e = err("broken.xlsx", b"PK\x03\x04 not really a zip");
    assert!(matches!(e, ListError::Xlsx { .. }), "{e:?}");
    let e = err("bin.csv", b"name\nA\0B\n");
    assert!(matches!(e, ListError::Binary { .. }), "{e:?}");
    let e = err("numbers.csv", b"1,2,3\n4,5,6\n");
    assert!(matches!(e, ListError::NoNameColumn { .. }), "{e:?}");
    assert!(e.to_string().contains("\"1\", \"2\", \"3\""), "{e}");
}

#[test]
fn a_header_only_list_has_no_records_and_no_errors() {
    let list = read("h.csv", "ФИО;Город\n".as_bytes());
    assert!(list.records.is_empty() && list.errors.is_empty());
    assert_eq!(columns(&list), [("full_name", "ФИО"), ("city", "Город")]);
}

fn workbook() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let sheet = book.add_worksheet();
    sheet.set_name("Задержанные").unwrap();
    sheet.write_string(0, 0, "Список задержанных").unwrap();
    for (col, h) in [
        "№",
        "Фамилия",
        "Имя",
        "Дата рождения",
        "Город",
        "Дата задержания",
        "Статья",
    ]
    .into_iter()
    .enumerate()
    {
        sheet.write_string(2, col as u16, h).unwrap();
    }
    // Row 4: numbers and dates as Excel stores them.
    sheet.write_number(3, 0, 1.0).unwrap();
    sheet.write_string(3, 1, "Мендыгазиев").unwrap();
    sheet.write_string(3, 2, "Арман").unwrap();
    let born = ExcelDateTime::from_ymd(1985, 3, 12).unwrap();
    sheet
        .write_datetime_with_format(3, 3, &born, &date)
        .unwrap();
    sheet.write_string(3, 4, "Алматы").unwrap();
    let detained = ExcelDateTime::from_ymd(2022, 1, 5).unwrap();
    sheet
        .write_datetime_with_format(3, 5, &detained, &date)
        .unwrap();
    sheet.write_number(3, 6, 272.0).unwrap();
    // Row 5: dates typed as text, an extra cell beyond the header.
    sheet.write_number(4, 0, 2.0).unwrap();
    sheet.write_string(4, 1, "Атабек").unwrap();
    sheet.write_string(4, 2, "Арон").unwrap();
    sheet.write_string(4, 3, "1953").unwrap();
    sheet.write_string(4, 5, "6 января 2022 г.").unwrap();
    sheet.write_string(4, 8, "см. письмо").unwrap();
    // Row 7 (after an empty row 6): no name.
    sheet.write_number(6, 0, 3.0).unwrap();
    sheet.write_string(6, 4, "Астана").unwrap();
    // Row 8: an impossible birth year.
    sheet.write_number(7, 0, 4.0).unwrap();
    sheet.write_string(7, 1, "Старый").unwrap();
    sheet.write_number(7, 3, 1850.0).unwrap();
    let other = book.add_worksheet();
    other.write_string(0, 0, "ФИО").unwrap();
    other.write_string(1, 0, "Не читается").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_first_sheet_with_dates_and_numbers() {
    let bytes = workbook();
    let list = read("список.xlsx", &bytes);
    assert_eq!(list.encoding, "XLSX");
    assert_eq!(list.delimiter, None);
    assert_eq!(list.sheet.as_deref(), Some("Задержанные"));
    assert_eq!(
        columns(&list),
        [
            ("record_id", "№"),
            ("family_name", "Фамилия"),
            ("given_name", "Имя"),
            ("birth_date", "Дата рождения"),
            ("city", "Город"),
            ("event_date", "Дата задержания"),
            ("notes", "Статья"),
        ]
    );
    let [first, second] = list.records.as_slice() else {
        panic!("{:#?}", list.records)
    };
    assert_eq!(first.row, 4);
    assert_eq!(first.record_id, "1");
    assert_eq!(first.full_name, "Мендыгазиев Арман");
    assert_eq!(first.birth_date.as_deref(), Some("1985-03-12"));
    assert_eq!(first.birth_year, Some(1985));
    assert_eq!(first.event_date.as_deref(), Some("2022-01-05"));
    assert_eq!(first.city.as_deref(), Some("Алматы"));
    assert_eq!(first.notes, "Статья: 272");
    assert_eq!(second.row, 5);
    assert_eq!(second.record_id, "2");
    assert_eq!(second.birth_year, Some(1953));
    assert_eq!(second.event_date.as_deref(), Some("2022-01-06"));
    assert_eq!(second.notes, "column 9: см. письмо");

    assert_eq!(list.errors.len(), 2, "{:#?}", list.errors);
    assert_eq!(error_at(&list, 7).field.as_deref(), Some("full_name"));
    let e = error_at(&list, 8);
    assert_eq!(e.field.as_deref(), Some("birth_date"));
    assert!(e.reason.contains("1850"), "{e}");

    // A workbook is read as one whatever it is called.
    let renamed = read("export.csv", &bytes);
    assert_eq!(renamed.records, list.records);
    // And the same bytes give the same records.
    assert_eq!(read("again.xlsx", &bytes).records, list.records);
}

/// A workbook the fuzzer found that makes calamine panic: the import gets
/// an error naming the file instead of crashing.
#[test]
fn a_damaged_workbook_is_an_error_not_a_crash() {
    let bytes = include_bytes!("fixtures/damaged.xlsx");
    let err = kuager_ingest::lists::read_list(
        "damaged.xlsx",
        bytes,
        &kuager_ingest::lists::ColumnMap::default(),
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("damaged.xlsx"), "{err}");
}

#[test]
fn an_event_type_column_is_read_into_codes() {
    let csv = "ФИО;Город;Событие\n\
               Асанали Суюбаев;Алматы;задержан 5 января\n\
               Ерлан Турсынов;Жанаозен;погиб\n\
               Aigerim Kalieva;Almaty;missing since January\n\
               Марат Жумабеков;Шымкент;пытки в ИВС\n\
               Болат Ахметов;Тараз;что-то иное\n";
    let list = read("события.csv", csv.as_bytes());
    assert!(columns(&list).contains(&("event_type", "Событие")));
    let types: Vec<Option<&str>> = list
        .records
        .iter()
        .map(|r| r.event_type.as_deref())
        .collect();
    assert_eq!(
        types,
        vec![
            Some("detention"),
            Some("killing"),
            Some("disappearance"),
            Some("ill-treatment"),
            Some("что-то иное"),
        ]
    );
}

#[test]
fn event_type_codes_from_words_in_three_languages() {
    use kuager_ingest::lists::event_type_code;
    for (words, code) in [
        ("detention", "detention"),
        ("Detained", "detention"),
        ("ұсталды", "detention"),
        ("killed by gunfire", "killing"),
        ("қаза тапты", "killing"),
        ("пропал без вести", "disappearance"),
        ("арестован", "pretrial-detention"),
        ("административный арест 15 суток", "administrative-arrest"),
        ("killing", "killing"),
    ] {
        assert_eq!(event_type_code(words), code, "{words}");
    }
}

#[test]
fn an_age_and_the_event_date_give_a_birth_year() {
    let tsv = "id\tname\tвозраст\tдата\tгод рождения\n\
               m1\tАзамат Ахметов\t34\t05.01.2022\t\n\
               m2\tАлия Серикова\t27 лет\t2022-09\t\n\
               m3\tЕрлан Жумабаев\t41-летний\t\t\n\
               m4\tNurlan Sadykov\tстарый\t06.01.2022\t\n\
               m5\tБерик Омаров\t34\t05.01.2022\t1950\n\
               m6\tДаурен Касымов\t33\t05.01.2022\t1988\n\
               m7\tСерик Нуров\t130\t05.01.2022\t\n";
    let list = read("media.tsv", tsv.as_bytes());
    assert!(columns(&list).contains(&("age", "возраст")));
    // Born between 1987-01-06 and 1988-01-05: almost surely in 1987.
    let m1 = record(&list, "m1");
    assert_eq!(m1.birth_year, Some(1987));
    assert!(m1.notes.contains("возраст: 34"), "{:?}", m1.notes);
    // In September the birthday has more likely passed.
    assert_eq!(record(&list, "m2").birth_year, Some(1995));
    // No date to count from: no birth year, the age stays a note.
    let m3 = record(&list, "m3");
    assert_eq!(m3.birth_year, None);
    assert!(m3.notes.contains("41-летний"), "{:?}", m3.notes);
    // A stated birth year wins over an age that fits it (33 in January
    // 2022 gives 1988 or 1989: within a year).
    assert_eq!(record(&list, "m6").birth_year, Some(1988));

    let bad = error_at(&list, 5);
    assert_eq!(bad.field.as_deref(), Some("age"));
    assert!(bad.reason.contains("not an age"), "{}", bad.reason);
    let contradicts = error_at(&list, 6);
    assert_eq!(contradicts.field.as_deref(), Some("age"));
    assert!(
        contradicts.reason.contains("does not fit birth year 1950"),
        "{}",
        contradicts.reason
    );
    assert!(error_at(&list, 8).reason.contains("more than 110"));
    assert_eq!(list.records.len(), 4);
}
