## Рассылка: разделы, архив, подписка, страницы редактора

## Разделы выпуска
newsletter-section-persecution = Политическое преследование
newsletter-section-punitive-psychiatry = Карательная психиатрия
newsletter-section-elections = Выборы и демократические процессы
newsletter-section-legislation = Законы против гражданского общества
newsletter-section-digital-rights = Свобода интернета и слежка
newsletter-section-solidarity = Солидарность
newsletter-section-international = Международная рубрика

## Подписчики и доставка
newsletter-subscriber-pending = Ждёт подтверждения
newsletter-subscriber-confirmed = Подтверждён
newsletter-subscriber-unsubscribed = Отписался
newsletter-delivery-pending = Ожидает
newsletter-delivery-in-flight = Передаётся почтовому серверу
newsletter-delivery-sent = Отправлено
newsletter-delivery-deferred = Временно отклонено, повтор при следующем запуске
newsletter-delivery-failed = Отклонено окончательно
newsletter-delivery-skipped = Пропущено (отписка)

## Выпуск глазами читателя
newsletter-number = Выпуск № { $number }
newsletter-no-events = В этом выпуске нет опубликованных событий.
newsletter-read-on-web = Читать выпуск на сайте
newsletter-unsubscribe-link = Отписаться

## Письмо с подтверждением
newsletter-confirm-mail-subject = Подтвердите подписку на рассылку Kuager
newsletter-confirm-mail-body = Кто-то, вероятно вы, попросил присылать рассылку Kuager на этот адрес. Чтобы подтвердить, откройте ссылку:
newsletter-confirm-mail-ignore = { $count ->
    [one] Если это были не вы, просто не отвечайте: вам ничего не придёт. Ссылка действует { $count } день.
    [few] Если это были не вы, просто не отвечайте: вам ничего не придёт. Ссылка действует { $count } дня.
   *[other] Если это были не вы, просто не отвечайте: вам ничего не придёт. Ссылка действует { $count } дней.
}

## Ошибки
newsletter-error-language = Выберите выпуск: русский, казахский или английский.
newsletter-error-period = Период должен заканчиваться не раньше первого дня.
newsletter-error-title = Заголовок слишком длинный или содержит управляющие символы.
newsletter-error-introduction = Вступление слишком длинное.
newsletter-error-duplicate-event = Событие встречается в выпуске дважды.
newsletter-error-published = Выпуск опубликован, изменить его уже нельзя.
newsletter-error-not-published = Перед отправкой опубликуйте выпуск.
newsletter-error-address = Укажите адрес электронной почты, например name@example.org.

## Публичные страницы
newsletter-archive-title = Рассылка
newsletter-archive-intro = Еженедельные новости о правах человека в Казахстане по опубликованным событиям реестра.
newsletter-archive-empty = Пока не опубликовано ни одного выпуска.
newsletter-feed-title = Рассылка Kuager
newsletter-feed-link = Лента Atom
newsletter-subscribe-link = Подписаться по почте
newsletter-subscribe-title = Подписка на рассылку
newsletter-subscribe-intro = Мы отправим на указанный адрес одну ссылку для подтверждения; пока вы её не откроете, больше ничего не придёт. В каждом выпуске есть ссылка, чтобы сразу отписаться.
newsletter-field-email = Адрес электронной почты
newsletter-field-edition = Язык выпуска
newsletter-action-subscribe = Подписаться
newsletter-subscribe-sent = Спасибо. Если на этот адрес можно отправить рассылку, письмо со ссылкой для подтверждения уже в пути.
newsletter-subscribe-unavailable = Подписка по почте на этом сайте сейчас недоступна.
newsletter-confirmed-title = Подписка подтверждена
newsletter-confirmed-text = Спасибо: вы будете получать следующие выпуски рассылки.
newsletter-confirm-invalid = Эта ссылка для подтверждения недействительна: возможно, ею уже воспользовались или истёк срок. Можно подписаться заново.
newsletter-unsubscribe-title = Отписка от рассылки
newsletter-unsubscribe-question = Больше не присылать рассылку на этот адрес?
newsletter-action-unsubscribe = Отписаться
newsletter-unsubscribed-text = Вы отписались, ваш адрес удалён.
newsletter-unsubscribe-invalid = Эта ссылка для отписки недействительна.

## Страницы редактора
newsletter-editor-title = Выпуски рассылки
nav-newsletter = Рассылка
newsletter-new-issue = Новый выпуск
newsletter-no-issues = Выпусков пока нет.
newsletter-field-period-start = Первый день периода
newsletter-field-period-end = Последний день периода
newsletter-field-title = Заголовок
newsletter-field-introduction = Вступление
newsletter-field-section = Раздел
newsletter-field-position = Порядок
newsletter-field-include = Включить
newsletter-field-event-id = Номер события
newsletter-action-create = Собрать выпуск
newsletter-action-save-issue = Сохранить выпуск
newsletter-action-publish = Опубликовать
newsletter-action-add-event = Добавить событие
newsletter-state-draft = Черновик
newsletter-state-published = Опубликован
newsletter-items = События выпуска
newsletter-item-not-public = Сейчас не опубликовано: в выпуск не попадёт.
newsletter-preview = Предпросмотр (как увидят читатели)
newsletter-delivery-status = Доставка
newsletter-subscribers = Подписчики
newsletter-send-hint = Отправка из командной строки: kuager newsletter send { $number }
newsletter-public-page = Публичная страница
done-newsletter-created = Выпуск собран из опубликованных событий периода.
done-newsletter-saved = Выпуск сохранён.
done-newsletter-published = Выпуск опубликован.
newsletter-send-button = Разослать подписчикам
newsletter-resume-button = Разослать оставшимся
newsletter-send-about = Каждый подтвердивший подписку на это издание получит выпуск один раз; повторная рассылка продолжает прерванную.
newsletter-sending-now = Идёт рассылка (этот запуск держит выпуск не позднее чем до { $until }). Обновите страницу, чтобы увидеть, сколько отправлено.
newsletter-send-no-relay = У этого сервера нет почтового ретранслятора: чтобы рассылать отсюда, запустите его с --smtp-url, --mail-from и --public-url.
done-newsletter-sending = Рассылка началась. Обновите страницу, чтобы следить за ней.
done-newsletter-already-sending = Этот выпуск уже рассылает другой запуск.
