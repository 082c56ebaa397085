## Мониторинг судебных процессов и реестр собраний

## Стадии процесса
hearing-type-preliminary = Предварительное слушание
hearing-type-merits = Рассмотрение по существу
hearing-type-appeal = Апелляция
hearing-type-cassation = Кассация
hearing-type-verdict = Оглашение приговора

hearing-access-open = Открытое заседание
hearing-access-closed = Закрытое заседание

## Чек-лист справедливого суда (по методике мониторинга ОБСЕ/БДИПЧ)
fair-trial-public-hearing = Заседание было публичным
fair-trial-observers-admitted = Наблюдателей допустили
fair-trial-relatives-admitted = Родственников допустили
fair-trial-time-to-prepare = У защиты было достаточно времени и возможностей для подготовки
fair-trial-lawyer-of-choice = У подсудимого был адвокат по его выбору
fair-trial-presumption-of-innocence = Презумпция невиновности соблюдалась
fair-trial-equality-of-arms = Равенство сторон обвинения и защиты
fair-trial-interpreter = Переводчик был предоставлен, когда требовался
fair-trial-no-cage = Подсудимый не находился в клетке или стеклянном боксе
fair-trial-torture-complaints-examined = Заявления о пытках или жестоком обращении, сделанные в суде, были рассмотрены
fair-trial-reasoned-judgment = Решение суда было мотивированным

checklist-answer-respected = Соблюдено
checklist-answer-violated = Нарушено
checklist-answer-unclear = Неясно
checklist-answer-not-applicable = Неприменимо

## Собрания
organiser-kind-person = Человек
organiser-kind-group = Группа или организация

assembly-answer-agreed = Согласовано
assembly-answer-refused = Отказано
assembly-answer-no-answer = Нет ответа

refusal-reason-place-not-designated = Место не отведено для проведения собраний
refusal-reason-another-event = В том же месте другое мероприятие
refusal-reason-repairs = Ремонтные работы
refusal-reason-formal-defect = Формальные недостатки уведомления
refusal-reason-other = Другая причина

assembly-outcome-held = Состоялось
assembly-outcome-held-dispersed = Состоялось и было разогнано
assembly-outcome-not-held = Не состоялось

## Навигация
nav-hearings = Заседания
nav-assemblies = Собрания
nav-statistics = Статистика

## Календарь заседаний
hearings-title = Календарь судебных заседаний
hearings-upcoming = Предстоящие заседания
hearings-past = Прошедшие заседания
no-hearings = Заседаний нет.
action-new-hearing = Назначить заседание
hearing-new-title = Новое заседание
hearing-title = Заседание
field-case = Дело (№ события)
field-case-hint = Событие реестра, о котором идёт процесс: обвинение, задержание или осуждение подсудимого.
field-hearing-time = Дата и время
field-hearing-time-hint = По времени суда, например 2026-12-15 10:30 или 15.12.2026 10:30; только дата, если время неизвестно.
field-hearing-type = Стадия
field-access = Открытое или закрытое
field-courtroom = Зал заседаний
field-city = Город
field-monitors = Наблюдатели
field-monitor-name = Назначить наблюдателя (имя пользователя)
action-assign = Назначить
action-unassign = Снять
hearing-follows = Назначено на заседании
next-hearing-link = Следующее заседание
hearing-reports = Отчёты наблюдателей
no-monitoring-reports = Отчётов пока нет.
action-file-report = Подать отчёт о мониторинге
done-hearing-saved = Заседание сохранено.
done-report-filed = Отчёт подан. Спасибо.
done-monitor-assigned = Список наблюдателей обновлён.
error-unknown-event = События с таким номером нет.
error-unknown-user = Активной учётной записи с таким именем нет.
error-bad-hearing-time = Укажите дату и время, например 2026-12-15 10:30.

## Отчёт о мониторинге
monitoring-report-title = Отчёт о мониторинге судебного заседания
field-took-place = Заседание состоялось
field-took-place-no = Заседание отложено или не проводилось
field-checklist = Чек-лист справедливого суда
field-checklist-hint = Ответьте на каждый пункт: «неясно», если не удалось понять, «неприменимо», если вопрос на этом заседании не возникал.
field-notes = Заметки
field-notes-hint = Что вы видели и слышали. Конфиденциально: хранится в зашифрованном виде, видят только наблюдатели этого заседания и аналитики.
field-next-hearing = Следующее заседание, назначенное судом
field-next-hearing-hint = Дата и время, как их объявил суд; оставьте пустым, если не назначено. Заседание появится в календаре.
field-next-hearing-type = Стадия следующего заседания
same-stage = — та же стадия —
filed-by = Подал(а)
error-answer-every-item = Ответьте на этот пункт.
error-next-hearing-before = Следующее заседание должно быть позже этого.

## Подписка на календарь
calendar-feeds-title = Подписка на календарь
calendar-public-hint = Публичный календарь, только заседания по опубликованным делам:
calendar-private-hint = Ваш личный календарь содержит предстоящие заседания, на которые вы назначены (для аналитиков — все заседания). Его адрес — секрет: кто его знает, видит эти заседания. Добавьте его после адреса этого сайта в календарном приложении; если устройство потеряно, сразу отзовите его.
calendar-private-none = Личного календаря у вас нет.
calendar-private-issued = У вас есть личный календарь, выдан { $date }. Его адрес показывался только при выдаче: если он снова нужен, выдайте новый (старый перестанет работать).
calendar-private-new = Адрес вашего нового личного календаря (показывается только сейчас):
action-issue-feed = Выдать новый адрес личного календаря
action-revoke-feed = Отозвать личный календарь
done-feed-revoked = Личный календарь отозван: его адрес больше не работает.
calendar-public-name = Kuager: судебные заседания
calendar-private-name = Kuager: мои заседания

## Выводы по судам и судьям
trial-summary-title = Выводы по судам и судьям
trial-summary-courts = По судам
trial-summary-judges = По судьям
field-hearings-count = Заседаний
field-reports-count = Отчётов
field-standard = Стандарт
no-findings = Отчётов о мониторинге пока нет.

## Реестр собраний
assemblies-title = Уведомления о собраниях
action-new-assembly = Зарегистрировать уведомление
assembly-new-title = Новое уведомление о собрании
assembly-title = Уведомление о собрании
field-organiser-kind = Организатор —
field-organiser = Организатор
field-assembly-date = День собрания
field-purpose = Цель
field-expected = Ожидаемое число участников
field-answer = Ответ акимата
field-refusal-reason = Указанная причина отказа
field-refusal-detail = Формулировка акимата (обязательна для «другой причины»)
field-outcome = Что произошло
outcome-unknown = — пока неизвестно —
reason-none = — не отказано —
field-linked-events = Последовавшие события
field-event-id = № события
action-link-event = Связать событие
no-assemblies = Уведомлений не зарегистрировано.
done-assembly-saved = Уведомление сохранено.
done-event-linked = Связанные события обновлены.
error-choose-city = Выберите город.
error-refusal-reason = При отказе нужна причина, названная акиматом.
error-refusal-other = Опишите причину, если выбрана «другая причина».
error-reason-without-refusal = Причина указывается только при отказе.
error-bad-day = Укажите дату, например 2024-06-01.
error-bad-number = Укажите целое число.

## Статистика собраний
assembly-stats-title = Собрания: отказы по годам, городам и причинам
assembly-stats-summary = { $refused ->
    [one] { $refused } отказ
    [few] { $refused } отказа
   *[many] { $refused } отказов
} в { $cities ->
    [one] { $cities } городе
   *[other] { $cities } городах
} в { $year } году, { $total } с { $first } года.
stats-by-reason = Уведомления и отказы по причинам
stats-by-city = Отказы по городам
stats-city-reason = Отказы в { $year } году по городам и причинам
stats-notifications = Уведомлений
stats-total = Всего
no-assembly-stats = Уведомлений пока не зарегистрировано.
