### Kuager — бақыланатын сөздіктер, қазақ тілі.
###
### Хабарлама идентификаторы = префикс + сөздік мәнінің коды. Дәл осы
### идентификаторлар en/vocab.ftl және ru/vocab.ftl файлдарында да болуы
### керек (крейттің тесттері тексереді).
###
### Қосымша аргументтер:
###   $gender  қазақ тілінде қолданылмайды.
###   $count   сан (people-count).
###   $number, $code  бап нөмірі және кодекстің қысқаша атауы (article-ref).

## Оқиға түрлері

event-type-detention = Ұстау
event-type-administrative-arrest = Әкімшілік қамаққа алу
event-type-criminal-charge = Қылмыстық айып тағу
event-type-pretrial-detention = Сотқа дейін күзетпен ұстау
event-type-house-arrest = Үй қамағы
event-type-conviction = Айыптау үкімі
event-type-sentence = Жаза тағайындау
event-type-release = Босату
event-type-ill-treatment = Азаптау немесе қатыгездік көрсету
event-type-killing = Кісі өлтіру
event-type-disappearance = Із-түзсіз жоғалу
event-type-psychiatric-placement = Психиатриялық стационарға мәжбүрлеп орналастыру
event-type-search-seizure = Тінту және алып қою
event-type-travel-ban = Елден шығуға тыйым салу
event-type-fine = Айыппұл
event-type-pressure-on-relatives = Туыстарына қысым көрсету
event-type-assembly-refused = Бейбіт жиналыс өткізуге келісім бермеу
event-type-registration-refused = Партияны немесе бірлестікті тіркеуден бас тарту
event-type-censorship = Бұғаттау немесе цензура
event-type-exile = Мәжбүрлі эмиграция немесе қуғын

## Фактінің тексерілу дәрежесі

verification-reported = Хабарланған
verification-corroborated = Дереккөздермен расталған
verification-verified = Тексерілген
verification-disputed = Даулы

## Оқиғаға қатысушылардың рөлдері

role-victim = Зардап шегуші
role-perpetrator = Құқық бұзушы
role-witness = Куәгер
role-source = Дереккөз
role-intervening-party = Араласқан тарап

## Адамның қазіргі мәртебесі

status-at-liberty = Бостандықта
status-detained = Ұсталған
status-administrative-arrest = Әкімшілік қамақта
status-charged = Айып тағылған, қамауда емес
status-pretrial-detention = Сотқа дейін қамауда
status-house-arrest = Үй қамағында
status-convicted = Сотталған
status-imprisoned = Бас бостандығынан айырылған
status-restricted-freedom = Бас бостандығы шектелген
status-psychiatric = Психиатриялық стационарда
status-released = Босатылған
status-killed = Өлтірілген
status-missing = Із-түзсіз жоғалған
status-in-exile = Эмиграцияда
status-unknown = Белгісіз

## Күннің дәлдігі

precision-day = Нақты күн
precision-month = Ай дәлдігімен
precision-year = Жыл дәлдігімен
precision-approximate = Шамамен
precision-range = Кезең

## Хабарлама авторының келісімі

consent-public = Жария
consent-public-help = Аталған адамдардың аты-жөнімен бірге жариялауға болады.
consent-anonymised = Анонимді
consent-anonymised-help = Жариялауға болады, бірақ аты-жөнсіз және адамды анықтауға мүмкіндік беретін мәліметтерсіз.
consent-confidential = Құпия
consent-confidential-help = Мұны тек мониторлар көреді; ол ешқашан жарияланбайды.

## Ерікті хабарламасының күйі

report-state-new = Жаңа
report-state-verified = Тексерілген
report-state-duplicate = Қайталанған
report-state-rejected = Қабылданбаған

## Пайдаланушы рөлдері

user-role-volunteer = Ерікті
user-role-analyst = Талдаушы
user-role-editor = Редактор
user-role-admin = Әкімші

## ЕҚЫПА-ның 1900 (2012) қарарындағы саяси тұтқын өлшемдері, өз сөзімізбен

pace-a = Бас бостандығынан айыру Адам құқықтарын қорғау туралы Еуропалық конвенцияның негізгі кепілдіктерінің бірін, мысалы, ой, сөз немесе бейбіт жиналыс бостандығын бұзады.
pace-a-short = Негізгі бостандықтар бұзылған
pace-b = Адам ешқандай құқық бұзушылыққа қатысы жоқ, тек саяси себептермен бас бостандығынан айырылған.
pace-b-short = Тек саяси себептер
pace-c = Саяси себептермен қамау мерзімі немесе жағдайы адам күдіктелген не кінәлі деп танылған құқық бұзушылыққа анық сәйкес келмейді.
pace-c-short = Тым қатаң жаза
pace-d = Саяси себептермен адам басқа адамдармен салыстырғанда кемсітушілікпен бас бостандығынан айырылған.
pace-d-short = Кемсітушілікпен қамау
pace-e = Бас бостандығынан айыру анық әділетсіз жүргізілген процестің нәтижесі, және бұл әділетсіздік саяси себептерге байланысты секілді.
pace-e-short = Әділетсіз процесс

## Саяси тұтқын деп тану

recognition-recognised = Танылған
recognition-not-recognised = Танылмаған
recognition-withdrawn = Тану кері қайтарып алынған

## Кодекстер мен баптар

code-criminal = Қазақстан Республикасының Қылмыстық кодексі
code-criminal-short = ҚК
code-administrative = Әкімшілік құқық бұзушылық туралы Қазақстан Республикасының кодексі
code-administrative-short = ӘҚБтК

# $number — бап нөмірі, $code — code-*-short қысқаша атауы.
article-ref = { $code } { $number }-бабы

article-criminal-174 = Әлеуметтік, ұлттық, рулық, нәсілдік, тектік-топтық немесе діни алауыздықты қоздыру
article-criminal-179 = Билікті басып алуды немесе ұстап қалуды насихаттау немесе оған жария түрде шақыру
article-criminal-182 = Экстремистік топ құру, оған басшылық ету немесе оның қызметіне қатысу
article-criminal-256 = Терроризмді насихаттау немесе террористік акт жасауға жария түрде шақыру
article-criminal-258 = Экстремистік немесе террористік әрекетті қаржыландыру
article-criminal-272 = Жаппай тәртіпсіздіктер
article-criminal-274 = Көрінеу жалған ақпарат тарату
article-criminal-380 = Билік өкіліне қатысты күш қолдану
article-criminal-405 = Экстремизмге немесе терроризмге байланысты қызметіне тыйым салу не оны тарату туралы сот шешімінен кейін қоғамдық немесе діни бірлестіктің не өзге ұйымның қызметін ұйымдастыру және оған қатысу
article-administrative-434 = Ұсақ бұзақылық
article-administrative-488 = Бейбіт жиналыстарды ұйымдастыру және өткізу тәртібі туралы заңнаманы бұзу
article-administrative-489 = Қоғамдық бірлестіктер туралы заңнаманы бұзу

## Сандар

people-count = { $count } адам

## Жаза түрлері
sentence-kind-imprisonment = Бас бостандығынан айыру
sentence-kind-restricted-freedom = Бас бостандығын шектеу
sentence-kind-suspended = Шартты түрде соттау
sentence-kind-fine = Айыппұл
sentence-kind-community-work = Қоғамдық жұмыстар
sentence-kind-administrative-arrest = Әкімшілік қамаққа алу
sentence-kind-compulsory-treatment = Мәжбүрлі психиатриялық емдеу

## Дереккөз түрлері
source-kind-document = Құжат
source-kind-report = Хабарлама
source-kind-reference = Сілтеме

publication-unpublished = Жарияланбаған
publication-published = Жарияланған
publication-withheld = Жариялауға жатпайды
