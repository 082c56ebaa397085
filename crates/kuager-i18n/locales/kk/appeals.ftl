## Ұжымдық үндеулер және оларға қол қойғандар

nav-appeals = Үндеулер
nav-appeals-editor = Үндеулер (өңдеу)
appeals-title = Ұжымдық үндеулер
appeals-editor-title = Үндеулер: дайындау және қол қойғандар
no-appeals = Әзірге үндеулер жоқ.
appeal-new-title = Жаңа үндеу
appeal-edit = Үндеуді өзгерту
action-new-appeal = Жаңа үндеу

appeal-state-draft = Жоба (жарияланбаған)
appeal-state-open = Қол қоюға ашық
appeal-state-closed = Жабық (соңғы нұсқа)
action-appeal-open = Қол қоюға ашу
action-appeal-closed = Үндеуді жабу
done-appeal-open = Үндеу жарияланды және қол қоюға ашық.
done-appeal-closed = Үндеу жабылды: қол жинау тоқтатылды.
done-appeal-saved = Үндеу сақталды.

field-appeal-addressees = Кімге арналған (әр жолға біреуден)
field-appeal-title = Тақырыбы
field-appeal-language = Үндеудің тілі
field-appeal-text = Мәтіні
field-appeal-state = Күйі
appeal-markdown-hint = Markdown: *көлбеу*, **қалың**, тізімдер, тақырыпшалар. HTML мәтін ретінде көрсетіледі; сілтемелер мен суреттер мекенжайы түрінде жазылады.
error-appeal-language = Орыс, қазақ немесе ағылшын тілін таңдаңыз.
error-appeal-closed = Үндеу жабық: оны енді өзгертуге болмайды.
error-appeal-state = Үндеуді бұл күйге ауыстыруға болмайды.
error-appeal-not-open = Бұл үндеу қол қоюға ашық емес.

appeal-citations = Аталған істер мен адамдар
no-citations = Әзірге ештеңе аталмаған.
field-citation-kind = Атау
citation-kind-person = адамды (тізілімдегі нөмірі)
citation-kind-event = істі (оқиға нөмірі)
field-citation-reference = Нөмірі
action-cite = Атау
citation-not-public = жария емес: үндеуде көрсетілмейді
citation-missing = тізілімде енді жоқ
done-cited = Аталды.
done-cited-not-public = Аталды, бірақ жазба жария емес: ол жария болғанша үндеу оны көрсетпейді.
done-citation-removed = Аталым алынып тасталды.
error-unknown-person = Мұндай нөмірлі адам жоқ.
appeal-citations-withheld = Аталған { $count } жазба жария емес, сондықтан көрсетілмеді.

appeal-signatories = Қол қойғандар
appeal-signatory = Қол қоюшы
appeal-counted = Расталған және мақұлданған қолдар
appeal-signatory-count = { $count } қол
field-moderation = Шешім
field-confirmed = Пошта расталған
no-signatures = Бұл шартқа сай қолдар жоқ.
moderation-pending = шешім күтуде
moderation-approved = мақұлданды
moderation-rejected = қабылданбады
signature-confirmed = расталған
signature-unconfirmed = расталмаған
action-approve = Мақұлдау
action-reject = Қабылдамау
done-signature-approved = Қол мақұлданды.
done-signature-rejected = Қол қабылданбады.

appeal-preview = Алдын ала қарау
appeal-back-to-editing = Өңдеуге оралу
appeal-public-page = Жария бет
appeal-pdf = PDF нұсқасы
appeal-csv = Қол қойғандар (CSV)
appeal-read = Үндеуді оқу

action-sign-appeal = Үндеуге қол қою
appeal-sign-title = Қол қою: { $title }
field-signatory-name = Аты-жөні
field-signatory-role = Рөлі немесе лауазымы
field-signatory-organisation = Ұйымы
field-signatory-city = Қаласы
field-signatory-country = Елі
field-signatory-group = Саяси тобы
field-signatory-email = Электрондық пошта
appeal-email-hint = Бұл мекенжайға растау сілтемесі жіберіледі. Мекенжай шифрланып сақталады, ешқайда көрсетілмейді және ешкімге берілмейді.
error-email = Электрондық пошта мекенжайын жазыңыз, мысалы name@example.org.
appeal-closed-for-signing = Үндеу жабық: енді қол қабылданбайды.
appeal-signing-unavailable = Қазір қол қою мүмкін емес: сайт хат жібере алмайды.
appeal-mail-failed = Растау хаты жіберілмеді. Кейінірек қайталап көріңіз.
appeal-check-mail-title = Поштаңызды тексеріңіз
appeal-check-mail = Рақмет. Көрсетілген мекенжайға растау сілтемесін жібердік: сілтемені ашып, растағаннан кейін қолыңыз есепке алынады. Бұрын растаған болсаңыз, ештеңе өзгермейді.
appeal-mail-subject = Қолыңызды растаңыз: { $title }
appeal-mail-text = Сіз (немесе сіздің мекенжайыңызды көрсеткен біреу) «{ $title }» үндеуіне қол қойдыңыз.

    Қолыңызды растау үшін бұл сілтемені { $days } күн ішінде ашып, батырманы басыңыз:
    { $link }

    Егер бұл сіз болмасаңыз, хатқа мән бермеңіз: қол есепке алынбайды.
appeal-confirm-title = Қолды растау
appeal-confirm-text = Қолыңызды растау үшін батырманы басыңыз. Әр қолды жарияламас бұрын редактор тексереді.
action-confirm-signature = Қолымды растаймын
appeal-confirmed = Қолыңыз расталды. Рақмет! Редактор тексергеннен кейін ол көрсетіледі.
appeal-link-invalid = Сілтеме жарамсыз: ол бұрын пайдаланылған, мерзімі өткен немесе қате терілген.
