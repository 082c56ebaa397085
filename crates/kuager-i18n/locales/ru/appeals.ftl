## Коллективные обращения и их подписанты

nav-appeals = Обращения
nav-appeals-editor = Обращения (редактура)
appeals-title = Коллективные обращения
appeals-editor-title = Обращения: подготовка и подписанты
no-appeals = Обращений пока нет.
appeal-new-title = Новое обращение
appeal-edit = Изменить обращение
action-new-appeal = Новое обращение

appeal-state-draft = Черновик (не опубликован)
appeal-state-open = Открыто для подписания
appeal-state-closed = Закрыто (окончательная редакция)
action-appeal-open = Открыть для подписания
action-appeal-closed = Закрыть обращение
done-appeal-open = Обращение опубликовано и открыто для подписания.
done-appeal-closed = Обращение закрыто: сбор подписей остановлен.
done-appeal-saved = Обращение сохранено.

field-appeal-addressees = Адресаты (по одному в строке)
field-appeal-title = Заголовок
field-appeal-language = Язык обращения
field-appeal-text = Текст
field-appeal-state = Состояние
appeal-markdown-hint = Markdown: *курсив*, **жирный**, списки, заголовки. HTML показывается как текст; ссылки и изображения выводятся в виде адреса.
error-appeal-language = Выберите русский, казахский или английский.
error-appeal-closed = Обращение закрыто: его больше нельзя менять.
error-appeal-state = Обращение нельзя перевести в это состояние.
error-appeal-not-open = Это обращение не открыто для подписания.

appeal-citations = Упомянутые дела и люди
no-citations = Пока ничего не упомянуто.
field-citation-kind = Упомянуть
citation-kind-person = человека (номер в реестре)
citation-kind-event = дело (номер события)
field-citation-reference = Номер
action-cite = Упомянуть
citation-not-public = не публичное: в обращении не будет показано
citation-missing = больше нет в реестре
done-cited = Упоминание добавлено.
done-cited-not-public = Упоминание добавлено, но запись не публичная: обращение не покажет её, пока она не станет публичной.
done-citation-removed = Упоминание удалено.
error-unknown-person = Человека с таким номером нет.
appeal-citations-withheld = { $count ->
    [one] { $count } упомянутая запись не публична и не показана.
    [few] { $count } упомянутые записи не публичны и не показаны.
   *[many] { $count } упомянутых записей не публичны и не показаны.
}

appeal-signatories = Подписанты
appeal-signatory = Подписант
appeal-counted = Подтверждённые и одобренные подписи
appeal-signatory-count = { $count ->
    [one] { $count } подпись
    [few] { $count } подписи
   *[many] { $count } подписей
}
field-moderation = Решение
field-confirmed = Адрес подтверждён
no-signatures = Подписей по этому условию нет.
moderation-pending = ждёт решения
moderation-approved = одобрена
moderation-rejected = отклонена
signature-confirmed = подтверждена
signature-unconfirmed = не подтверждена
action-approve = Одобрить
action-reject = Отклонить
done-signature-approved = Подпись одобрена.
done-signature-rejected = Подпись отклонена.

appeal-preview = Предпросмотр
appeal-back-to-editing = Вернуться к редактированию
appeal-public-page = Публичная страница
appeal-pdf = PDF-версия
appeal-csv = Подписанты (CSV)
appeal-read = Прочитать обращение

action-sign-appeal = Подписать обращение
appeal-sign-title = Подписать: { $title }
field-signatory-name = Имя и фамилия
field-signatory-role = Роль или должность
field-signatory-organisation = Организация
field-signatory-city = Город
field-signatory-country = Страна
field-signatory-group = Политическая группа
field-signatory-email = Электронная почта
appeal-email-hint = На этот адрес придёт ссылка для подтверждения. Адрес хранится в зашифрованном виде, нигде не показывается и никому не передаётся.
error-email = Укажите адрес электронной почты, например name@example.org.
appeal-closed-for-signing = Обращение закрыто: подписи больше не принимаются.
appeal-signing-unavailable = Подписание сейчас недоступно: сайт не может отправлять письма.
appeal-mail-failed = Не удалось отправить письмо с подтверждением. Попробуйте позже.
appeal-check-mail-title = Проверьте почту
appeal-check-mail = Спасибо. Мы отправили ссылку для подтверждения на указанный адрес: подпись будет учтена, когда вы откроете ссылку и подтвердите её. Если вы уже подтверждали подпись, ничего не меняется.
appeal-mail-subject = Подтвердите подпись: { $title }
appeal-mail-text = Вы (или кто-то, указавший ваш адрес) подписали обращение «{ $title }».

    Чтобы подтвердить подпись, откройте эту ссылку в течение { $days } дней и нажмите кнопку:
    { $link }

    Если это были не вы, просто не обращайте внимания на письмо: подпись не будет учтена.
appeal-confirm-title = Подтверждение подписи
appeal-confirm-text = Нажмите кнопку, чтобы подтвердить подпись. Каждую подпись перед публикацией проверяет редактор.
action-confirm-signature = Подтвердить подпись
appeal-confirmed = Подпись подтверждена. Спасибо! Она появится после проверки редактором.
appeal-link-invalid = Ссылка недействительна: она уже использована, устарела или набрана с ошибкой.
