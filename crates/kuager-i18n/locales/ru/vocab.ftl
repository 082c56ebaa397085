### Kuager — контролируемые словари, русский язык.
###
### Идентификатор сообщения = префикс + код значения словаря. Те же
### идентификаторы должны быть в en/vocab.ftl и kk/vocab.ftl (это проверяют
### тесты крейта).
###
### Необязательные аргументы:
###   $gender  "female" — женский род; иначе мужской (статусы, признание).
###   $count   число (people-count).
###   $number, $code  номер статьи и сокращение кодекса (article-ref).

## Типы событий

event-type-detention = Задержание
event-type-administrative-arrest = Административный арест
event-type-criminal-charge = Уголовное обвинение
event-type-pretrial-detention = Содержание под стражей до суда
event-type-house-arrest = Домашний арест
event-type-conviction = Обвинительный приговор
event-type-sentence = Назначение наказания
event-type-release = Освобождение
event-type-ill-treatment = Пытки или жестокое обращение
event-type-killing = Убийство
event-type-disappearance = Исчезновение
event-type-psychiatric-placement = Принудительное помещение в психиатрический стационар
event-type-search-seizure = Обыск и изъятие
event-type-travel-ban = Запрет на выезд
event-type-fine = Штраф
event-type-pressure-on-relatives = Давление на родственников
event-type-assembly-refused = Отказ в проведении мирного собрания
event-type-registration-refused = Отказ в регистрации партии или объединения
event-type-censorship = Блокировка или цензура
event-type-exile = Вынужденная эмиграция или изгнание

## Степень проверки факта

verification-reported = Сообщается
verification-corroborated = Подтверждено источниками
verification-verified = Проверено
verification-disputed = Оспаривается

## Роли участников события

role-victim = Пострадавший
role-perpetrator = Нарушитель
role-witness = Свидетель
role-source = Источник
role-intervening-party = Вмешавшаяся сторона

## Текущий статус человека

status-at-liberty = На свободе
status-detained = { $gender ->
    [female] Задержана
   *[other] Задержан
}
status-administrative-arrest = Под административным арестом
status-charged = Обвиняется, не под стражей
status-pretrial-detention = Под стражей до суда
status-house-arrest = Под домашним арестом
status-convicted = { $gender ->
    [female] Осуждена
   *[other] Осуждён
}
status-imprisoned = В местах лишения свободы
status-restricted-freedom = Отбывает ограничение свободы
status-psychiatric = В психиатрическом стационаре
status-released = { $gender ->
    [female] Освобождена
   *[other] Освобождён
}
status-killed = { $gender ->
    [female] Убита
   *[other] Убит
}
status-missing = { $gender ->
    [female] Пропала без вести
   *[other] Пропал без вести
}
status-in-exile = В эмиграции
status-unknown = Неизвестно

## Точность даты

precision-day = Точная дата
precision-month = С точностью до месяца
precision-year = С точностью до года
precision-approximate = Приблизительно
precision-range = Период

## Что автор сообщения разрешает делать с ним

consent-public = Публично
consent-public-help = Можно опубликовать вместе с именами людей, о которых идёт речь.
consent-anonymised = Обезличенно
consent-anonymised-help = Можно опубликовать, но без имён и без подробностей, по которым можно узнать человека.
consent-confidential = Конфиденциально
consent-confidential-help = Увидят только мониторы; это никогда не публикуется.

## Состояние сообщения волонтёра

report-state-new = Новое
report-state-verified = Проверено
report-state-duplicate = Дубликат
report-state-rejected = Отклонено

## Роли пользователей

user-role-volunteer = Волонтёр
user-role-analyst = Аналитик
user-role-editor = Редактор
user-role-admin = Администратор

## Критерии политзаключённого по Резолюции ПАСЕ 1900 (2012), своими словами

pace-a = Человека лишили свободы в нарушение одного из основных прав, которые гарантирует Европейская конвенция о защите прав человека, — например, свободы мысли, слова или мирных собраний.
pace-a-short = Нарушение основных свобод
pace-b = Человека лишили свободы исключительно по политическим причинам, без связи с каким-либо правонарушением.
pace-b-short = Чисто политические причины
pace-c = По политическим мотивам срок или условия содержания явно несоразмерны правонарушению, в котором человека подозревают или признали виновным.
pace-c-short = Несоразмерное наказание
pace-d = По политическим мотивам человека лишили свободы дискриминационно по сравнению с другими людьми.
pace-d-short = Дискриминационное лишение свободы
pace-e = Лишение свободы — итог явно несправедливого процесса, и эта несправедливость, по всей видимости, связана с политическими мотивами.
pace-e-short = Несправедливый процесс

## Признание политзаключённым

recognition-recognised = { $gender ->
    [female] Признана
   *[other] Признан
}
recognition-not-recognised = { $gender ->
    [female] Не признана
   *[other] Не признан
}
recognition-withdrawn = Признание отозвано

## Кодексы и статьи

code-criminal = Уголовный кодекс Республики Казахстан
code-criminal-short = УК
code-administrative = Кодекс Республики Казахстан об административных правонарушениях
code-administrative-short = КоАП

# $number — номер статьи, $code — сокращение из code-*-short.
article-ref = ст. { $number } { $code }

article-criminal-174 = Возбуждение социальной, национальной, родовой, расовой, сословной или религиозной розни
article-criminal-179 = Пропаганда или публичные призывы к захвату или удержанию власти
article-criminal-182 = Создание, руководство экстремистской группой или участие в её деятельности
article-criminal-256 = Пропаганда терроризма или публичные призывы к совершению акта терроризма
article-criminal-258 = Финансирование экстремистской или террористической деятельности
article-criminal-272 = Массовые беспорядки
article-criminal-274 = Распространение заведомо ложной информации
article-criminal-380 = Применение насилия в отношении представителя власти
article-criminal-405 = Организация и участие в деятельности общественного или религиозного объединения либо иной организации после решения суда о запрете их деятельности или ликвидации в связи с экстремизмом или терроризмом
article-administrative-434 = Мелкое хулиганство
article-administrative-488 = Нарушение законодательства о порядке организации и проведения мирных собраний
article-administrative-489 = Нарушение законодательства об общественных объединениях

## Количества

people-count = { $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
}

## Виды наказания
sentence-kind-imprisonment = Лишение свободы
sentence-kind-restricted-freedom = Ограничение свободы
sentence-kind-suspended = Условное осуждение
sentence-kind-fine = Штраф
sentence-kind-community-work = Общественные работы
sentence-kind-administrative-arrest = Административный арест
sentence-kind-compulsory-treatment = Принудительное психиатрическое лечение

## Виды источников
source-kind-document = Документ
source-kind-report = Сообщение
source-kind-reference = Ссылка

publication-unpublished = Не опубликовано
publication-published = Опубликовано
publication-withheld = Не подлежит публикации
