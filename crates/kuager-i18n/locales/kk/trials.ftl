## Сот процестерін бақылау және жиналыстар тізілімі

## Процесс сатылары
hearing-type-preliminary = Алдын ала тыңдау
hearing-type-merits = Істі мәні бойынша қарау
hearing-type-appeal = Апелляция
hearing-type-cassation = Кассация
hearing-type-verdict = Үкімді жариялау

hearing-access-open = Ашық сот отырысы
hearing-access-closed = Жабық сот отырысы

## Әділ сот чек-парағы (ЕҚЫҰ/ДИАҚБ бақылау әдістемесі бойынша)
fair-trial-public-hearing = Сот отырысы ашық өтті
fair-trial-observers-admitted = Бақылаушылар жіберілді
fair-trial-relatives-admitted = Туыстары жіберілді
fair-trial-time-to-prepare = Қорғауға дайындалуға жеткілікті уақыт пен мүмкіндік берілді
fair-trial-lawyer-of-choice = Сотталушының өзі таңдаған адвокаты болды
fair-trial-presumption-of-innocence = Кінәсіздік презумпциясы сақталды
fair-trial-equality-of-arms = Айыптау мен қорғау тараптарының теңдігі сақталды
fair-trial-interpreter = Қажет болған жерде аудармашы берілді
fair-trial-no-cage = Сотталушы торда немесе шыны қорапта ұсталған жоқ
fair-trial-torture-complaints-examined = Сотта айтылған азаптау немесе қатыгездік туралы шағымдар қаралды
fair-trial-reasoned-judgment = Сот шешімі дәлелді болды

checklist-answer-respected = Сақталды
checklist-answer-violated = Бұзылды
checklist-answer-unclear = Белгісіз
checklist-answer-not-applicable = Қолданылмайды

## Жиналыстар
organiser-kind-person = Жеке адам
organiser-kind-group = Топ немесе ұйым

assembly-answer-agreed = Келісілді
assembly-answer-refused = Бас тартылды
assembly-answer-no-answer = Жауап жоқ

refusal-reason-place-not-designated = Орын жиналыс өткізуге белгіленбеген
refusal-reason-another-event = Сол жерде басқа іс-шара өтеді
refusal-reason-repairs = Жөндеу жұмыстары
refusal-reason-formal-defect = Хабарламадағы формалды кемшіліктер
refusal-reason-other = Басқа себеп

assembly-outcome-held = Өтті
assembly-outcome-held-dispersed = Өтті және таратылды
assembly-outcome-not-held = Өткен жоқ

## Навигация
nav-hearings = Отырыстар
nav-assemblies = Жиналыстар
nav-statistics = Статистика

## Отырыстар күнтізбесі
hearings-title = Сот отырыстарының күнтізбесі
hearings-upcoming = Алдағы отырыстар
hearings-past = Өткен отырыстар
no-hearings = Отырыстар жоқ.
action-new-hearing = Отырысты белгілеу
hearing-new-title = Жаңа отырыс
hearing-title = Отырыс
field-case = Іс (оқиға №)
field-case-hint = Процесс қатысты тізілімдегі оқиға: сотталушыға айып тағу, оны ұстау немесе соттау.
field-hearing-time = Күні мен уақыты
field-hearing-time-hint = Сот уақыты бойынша, мысалы 2026-12-15 10:30 немесе 15.12.2026 10:30; уақыты белгісіз болса, тек күнін жазыңыз.
field-hearing-type = Саты
field-access = Ашық па, жабық па
field-courtroom = Сот залы
field-city = Қала
field-monitors = Бақылаушылар
field-monitor-name = Бақылаушы тағайындау (пайдаланушы аты)
action-assign = Тағайындау
action-unassign = Алып тастау
hearing-follows = Мына отырыста белгіленді
next-hearing-link = Келесі отырыс
hearing-reports = Бақылаушылардың есептері
no-monitoring-reports = Әзірге есеп жоқ.
action-file-report = Мониторинг есебін тапсыру
done-hearing-saved = Отырыс сақталды.
done-report-filed = Есеп тапсырылды. Рақмет.
done-monitor-assigned = Бақылаушылар тізімі жаңартылды.
error-unknown-event = Мұндай нөмірлі оқиға жоқ.
error-unknown-user = Мұндай атпен белсенді тіркелгі жоқ.
error-bad-hearing-time = Күні мен уақытын жазыңыз, мысалы 2026-12-15 10:30.

## Мониторинг есебі
monitoring-report-title = Сот отырысын бақылау есебі
field-took-place = Отырыс өтті
field-took-place-no = Отырыс кейінге қалдырылды немесе өткізілмеді
field-checklist = Әділ сот чек-парағы
field-checklist-hint = Әр тармаққа жауап беріңіз: анықтай алмасаңыз — «белгісіз», бұл отырыста мәселе туындамаса — «қолданылмайды».
field-notes = Жазбалар
field-notes-hint = Не көрдіңіз, не естідіңіз. Құпия: шифрланып сақталады, оны тек осы отырыстың бақылаушылары мен талдаушылар көреді.
field-next-hearing = Сот белгілеген келесі отырыс
field-next-hearing-hint = Сот жариялаған күні мен уақыты; белгіленбесе, бос қалдырыңыз. Отырыс күнтізбеде пайда болады.
field-next-hearing-type = Келесі отырыстың сатысы
same-stage = — сол саты —
filed-by = Тапсырған
error-answer-every-item = Бұл тармаққа жауап беріңіз.
error-next-hearing-before = Келесі отырыс осы отырыстан кейін болуы керек.

## Күнтізбеге жазылу
calendar-feeds-title = Күнтізбеге жазылу
calendar-public-hint = Жалпыға ортақ күнтізбе, тек жарияланған істер бойынша отырыстар:
calendar-private-hint = Жеке күнтізбеңізде сіз тағайындалған алдағы отырыстар бар (талдаушылар үшін — барлық отырыстар). Оның мекенжайы — құпия: оны білетін адам сол отырыстарды көреді. Күнтізбе қолданбасында оны осы сайттың мекенжайынан кейін қосыңыз; құрылғы жоғалса, дереу кері қайтарып алыңыз.
calendar-private-none = Сізде жеке күнтізбе жоқ.
calendar-private-issued = Сізде { $date } берілген жеке күнтізбе бар. Оның мекенжайы тек берілген кезде көрсетілді: қайта қажет болса, жаңасын алыңыз (ескісі жұмыс істемей қалады).
calendar-private-new = Жаңа жеке күнтізбеңіздің мекенжайы (тек қазір көрсетіледі):
action-issue-feed = Жеке күнтізбенің жаңа мекенжайын алу
action-revoke-feed = Жеке күнтізбені кері қайтарып алу
done-feed-revoked = Жеке күнтізбе кері қайтарылды: оның мекенжайы енді жұмыс істемейді.
calendar-public-name = Kuager: сот отырыстары
calendar-private-name = Kuager: менің отырыстарым

## Соттар мен судьялар бойынша қорытындылар
trial-summary-title = Соттар мен судьялар бойынша қорытындылар
trial-summary-courts = Соттар бойынша
trial-summary-judges = Судьялар бойынша
field-hearings-count = Отырыстар
field-reports-count = Есептер
field-standard = Стандарт
no-findings = Мониторинг есептері әзірге жоқ.

## Жиналыстар тізілімі
assemblies-title = Жиналыстар туралы хабарламалар
action-new-assembly = Хабарламаны тіркеу
assembly-new-title = Жиналыс туралы жаңа хабарлама
assembly-title = Жиналыс туралы хабарлама
field-organiser-kind = Ұйымдастырушы түрі
field-organiser = Ұйымдастырушы
field-assembly-date = Жиналыс күні
field-purpose = Мақсаты
field-expected = Күтілетін қатысушылар саны
field-answer = Әкімдіктің жауабы
field-refusal-reason = Бас тартудың көрсетілген себебі
field-refusal-detail = Әкімдіктің тұжырымы («басқа себеп» үшін міндетті)
field-outcome = Не болды
outcome-unknown = — әзірге белгісіз —
reason-none = — бас тартылмаған —
field-linked-events = Кейінгі оқиғалар
field-event-id = Оқиға №
action-link-event = Оқиғаны байланыстыру
no-assemblies = Тіркелген хабарламалар жоқ.
done-assembly-saved = Хабарлама сақталды.
done-event-linked = Байланысты оқиғалар жаңартылды.
error-choose-city = Қаланы таңдаңыз.
error-refusal-reason = Бас тартқанда әкімдік атаған себеп керек.
error-refusal-other = «Басқа себеп» таңдалса, себебін сипаттаңыз.
error-reason-without-refusal = Себеп тек бас тартқанда көрсетіледі.
error-bad-day = Күнді жазыңыз, мысалы 2024-06-01.
error-bad-number = Бүтін санды жазыңыз.

## Жиналыстар статистикасы
assembly-stats-title = Жиналыстар: жылдар, қалалар және себептер бойынша бас тартулар
assembly-stats-summary = { $year } жылы { $cities } қалада { $refused } бас тарту, { $first } жылдан бері барлығы { $total }.
stats-by-reason = Хабарламалар және себептері бойынша бас тартулар
stats-by-city = Қалалар бойынша бас тартулар
stats-city-reason = { $year } жылғы қалалар мен себептер бойынша бас тартулар
stats-notifications = Хабарламалар
stats-total = Барлығы
no-assembly-stats = Әзірге хабарламалар тіркелмеген.
