//! The appeal PDF, read back with the PDF reader Kuager ingests documents
//! with: Kazakh and Russian letters come out as text, every counted
//! signatory is in it and nobody else, long texts break over numbered
//! pages, and a confidential person cited never appears.

use kuager_case::{AppealState, Consent, Moderation};
use kuager_publish::appeal::{
    preview_appeal, redact_appeal, InternalAppeal, InternalCitation, InternalSignatory,
};
use kuager_publish::pdf::{pdf, PdfFonts};
use kuager_publish::InternalPerson;

fn signatory(name: &str, confirmed: bool, moderation: Moderation) -> InternalSignatory {
    InternalSignatory {
        name: name.into(),
        role: "правозащитница".into(),
        organisation: "Қоғамдық бірлестік".into(),
        city: "Орал".into(),
        country: "Қазақстан".into(),
        political_group: String::new(),
        confirmed,
        moderation,
    }
}

fn person(id: &str, name: &str, consent: Consent) -> InternalCitation {
    InternalCitation::Person(Box::new(InternalPerson {
        id: id.into(),
        names: vec![name.into()],
        consent,
        events: Vec::new(),
        recognitions: Vec::new(),
    }))
}

fn appeal() -> InternalAppeal {
    let paragraph = "Біз халықаралық қауымдастықты саяси қуғын-сүргінге назар аударуға шақырамыз. \
                     Мы просим обратить внимание на преследование гражданских активистов. ";
    InternalAppeal {
        id: 9,
        state: AppealState::Open,
        title: "Өтініш: Ә Ө Ұ Қ Ғ Ң Һ І".into(),
        addressees: "Генеральному секретарю\nАстана".into(),
        language: "kk".into(),
        body: (0..40)
            .map(|i| format!("{i}. {}", paragraph.repeat(3)))
            .collect::<Vec<_>>()
            .join("\n\n"),
        opened_at: None,
        closed_at: None,
        citations: vec![
            person("p-open", "Ержан Тоқтарұлы", Consent::Public),
            person("p-secret", "Жасырын Куәгерова", Consent::Confidential),
            person("p-anon", "Анонимді Адамов", Consent::Anonymised),
        ],
        signatories: vec![
            signatory("Әйгерім Өмірзақова", true, Moderation::Approved),
            signatory("Ұлан Қасымов", true, Moderation::Approved),
            signatory("Ғалым Отклонённый", true, Moderation::Rejected),
            signatory("Һәдия Неподтверждённая", false, Moderation::Approved),
            signatory("Іңкәр Ожидающая", true, Moderation::Pending),
        ],
    }
}

fn text_of(bytes: &[u8]) -> String {
    let text = kuager_ingest::pdf_to_text(bytes).expect("the PDF reads back");
    // Lines may be broken anywhere: compare without white space.
    text.split_whitespace().collect()
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn the_pdf_holds_counted_signatories_in_kazakh_letters_and_nobody_else() {
    let fonts = PdfFonts::load().expect("DejaVu Sans (fonts-dejavu-core) is installed");
    let public = redact_appeal(&appeal()).unwrap();
    let bytes = pdf(&public, &fonts).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains("/ToUnicode"),
        "the font carries a ToUnicode map"
    );
    let text = text_of(&bytes);
    for letter in ["Ә", "Ө", "Ұ", "Қ", "Ғ", "Ң", "Һ", "І"] {
        assert!(text.contains(letter), "{letter} is in the text");
    }
    for name in ["Әйгерім Өмірзақова", "Ұлан Қасымов"] {
        assert!(text.contains(&squeeze(name)), "{name} signed");
    }
    assert!(text.contains(&squeeze(
        "Әйгерім Өмірзақова — правозащитница, Қоғамдық бірлестік, Орал, Қазақстан"
    )));
    for name in [
        "Ғалым Отклонённый",
        "Һәдия Неподтверждённая",
        "Іңкәр Ожидающая",
        "Жасырын Куәгерова",
        "Анонимді Адамов",
    ] {
        assert!(
            !text.contains(&squeeze(name)),
            "{name} must not be in the PDF"
        );
    }
    assert!(
        text.contains(&squeeze("Ержан Тоқтарұлы")),
        "a public person is cited"
    );
    // Long text: several pages, each numbered.
    assert!(
        text.contains("бет2") && text.contains("бет3"),
        "page numbers"
    );
}

#[test]
fn a_draft_has_no_public_pdf_but_a_preview() {
    let mut a = appeal();
    a.state = AppealState::Draft;
    assert!(redact_appeal(&a).is_none());
    let preview = preview_appeal(&a);
    assert_eq!(preview.signatories().len(), 2);
    assert_eq!(preview.withheld_citations(), 2);
}
