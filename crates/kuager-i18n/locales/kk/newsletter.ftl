## Ақпараттық бюллетень: бөлімдер, мұрағат, жазылу, редактор беттері

## Шығарылым бөлімдері
newsletter-section-persecution = Саяси қудалау
newsletter-section-punitive-psychiatry = Жазалаушы психиатрия
newsletter-section-elections = Сайлау және демократиялық үдерістер
newsletter-section-legislation = Азаматтық қоғамға қарсы заңдар
newsletter-section-digital-rights = Интернет бостандығы және бақылау
newsletter-section-solidarity = Ынтымақтастық
newsletter-section-international = Халықаралық айдар

## Жазылушылар және жеткізу
newsletter-subscriber-pending = Растауды күтуде
newsletter-subscriber-confirmed = Расталған
newsletter-subscriber-unsubscribed = Жазылымнан бас тартты
newsletter-delivery-pending = Күтуде
newsletter-delivery-in-flight = Пошта серверіне берілуде
newsletter-delivery-sent = Жіберілді
newsletter-delivery-deferred = Уақытша қабылданбады, келесі іске қосуда қайталанады
newsletter-delivery-failed = Біржола қабылданбады
newsletter-delivery-skipped = Өткізілді (жазылымнан бас тартқан)

## Оқырман көретін шығарылым
newsletter-number = № { $number } шығарылым
newsletter-no-events = Бұл шығарылымда жарияланған оқиға жоқ.
newsletter-read-on-web = Шығарылымды сайттан оқу
newsletter-unsubscribe-link = Жазылымнан бас тарту

## Растау хаты
newsletter-confirm-mail-subject = Kuager бюллетеніне жазылуды растаңыз
newsletter-confirm-mail-body = Біреу, бәлкім өзіңіз, Kuager бюллетенін осы мекенжайға жіберуді сұрады. Растау үшін мына сілтемені ашыңыз:
newsletter-confirm-mail-ignore = Егер бұл сіз болмасаңыз, хатқа мән бермеңіз: сізге ештеңе жіберілмейді. Сілтеме { $count } күн жарамды.

## Қателер
newsletter-error-language = Шығарылым тілін таңдаңыз: орыс, қазақ немесе ағылшын.
newsletter-error-period = Кезең бірінші күнінен ерте аяқталмауы керек.
newsletter-error-title = Тақырып тым ұзын немесе басқару таңбалары бар.
newsletter-error-introduction = Кіріспе тым ұзын.
newsletter-error-duplicate-event = Бір оқиға шығарылымда екі рет кездеседі.
newsletter-error-published = Шығарылым жарияланған, оны енді өзгертуге болмайды.
newsletter-error-not-published = Жібермес бұрын шығарылымды жариялаңыз.
newsletter-error-address = Электрондық пошта мекенжайын көрсетіңіз, мысалы name@example.org.

## Жалпыға ашық беттер
newsletter-archive-title = Ақпараттық бюллетень
newsletter-archive-intro = Тізілімнің жарияланған оқиғалары бойынша Қазақстандағы адам құқықтары туралы апталық жаңалықтар.
newsletter-archive-empty = Әзірге бірде-бір шығарылым жарияланған жоқ.
newsletter-feed-title = Kuager бюллетені
newsletter-feed-link = Atom арнасы
newsletter-subscribe-link = Пошта арқылы жазылу
newsletter-subscribe-title = Бюллетеньге жазылу
newsletter-subscribe-intro = Көрсетілген мекенжайға растау үшін бір сілтеме жібереміз; оны ашпайынша басқа ештеңе келмейді. Әр шығарылымда бірден жазылымнан бас тартуға сілтеме бар.
newsletter-field-email = Электрондық пошта мекенжайы
newsletter-field-edition = Шығарылым тілі
newsletter-action-subscribe = Жазылу
newsletter-subscribe-sent = Рахмет. Егер бұл мекенжайға бюллетень жіберуге болса, растау сілтемесі бар хат жолда.
newsletter-subscribe-unavailable = Бұл сайтта пошта арқылы жазылу қазір қолжетімсіз.
newsletter-confirmed-title = Жазылым расталды
newsletter-confirmed-text = Рахмет: бюллетеньнің келесі шығарылымдарын аласыз.
newsletter-confirm-invalid = Бұл растау сілтемесі жарамсыз: мүмкін, ол пайдаланылған немесе мерзімі өткен. Қайта жазылуға болады.
newsletter-unsubscribe-title = Бюллетеньнен бас тарту
newsletter-unsubscribe-question = Бұл мекенжайға бюллетень жіберуді тоқтату керек пе?
newsletter-action-unsubscribe = Бас тарту
newsletter-unsubscribed-text = Сіз жазылымнан бас тарттыңыз, мекенжайыңыз жойылды.
newsletter-unsubscribe-invalid = Бұл бас тарту сілтемесі жарамсыз.

## Редактор беттері
newsletter-editor-title = Бюллетень шығарылымдары
nav-newsletter = Бюллетень
newsletter-new-issue = Жаңа шығарылым
newsletter-no-issues = Әзірге шығарылым жоқ.
newsletter-field-period-start = Кезеңнің бірінші күні
newsletter-field-period-end = Кезеңнің соңғы күні
newsletter-field-title = Тақырып
newsletter-field-introduction = Кіріспе
newsletter-field-section = Бөлім
newsletter-field-position = Реті
newsletter-field-include = Қосу
newsletter-field-event-id = Оқиға нөмірі
newsletter-action-create = Шығарылымды құрастыру
newsletter-action-save-issue = Шығарылымды сақтау
newsletter-action-publish = Жариялау
newsletter-action-add-event = Оқиғаны қосу
newsletter-state-draft = Жоба
newsletter-state-published = Жарияланған
newsletter-items = Шығарылым оқиғалары
newsletter-item-not-public = Қазір жарияланбаған: шығарылымға кірмейді.
newsletter-preview = Алдын ала қарау (оқырмандар көретіндей)
newsletter-delivery-status = Жеткізу
newsletter-subscribers = Жазылушылар
newsletter-send-hint = Командалық жолдан жіберу: kuager newsletter send { $number }
newsletter-public-page = Жалпыға ашық бет
done-newsletter-created = Шығарылым кезеңнің жарияланған оқиғаларынан құрастырылды.
done-newsletter-saved = Шығарылым сақталды.
done-newsletter-published = Шығарылым жарияланды.
newsletter-send-button = Жазылушыларға жіберу
newsletter-resume-button = Қалғандарына жіберу
newsletter-send-about = Бұл басылымға жазылуын растаған әр адам шығарылымды бір рет алады; қайта жіберу үзілген жіберуді жалғастырады.
newsletter-sending-now = Жіберілуде (бұл жіберу шығарылымды ең кешікке дейін { $until } ұстайды). Қанша жіберілгенін көру үшін бетті жаңартыңыз.
newsletter-send-no-relay = Бұл серверде пошта релесі жоқ: осы жерден жіберу үшін оны --smtp-url, --mail-from және --public-url арқылы іске қосыңыз.
done-newsletter-sending = Жіберу басталды. Бақылау үшін бетті жаңартыңыз.
done-newsletter-already-sending = Бұл шығарылымды басқа жіберу жіберіп жатыр.
