## The newsletter: sections, the archive, subscribing, the editor's pages

## Sections of an issue
newsletter-section-persecution = Political persecution
newsletter-section-punitive-psychiatry = Punitive psychiatry
newsletter-section-elections = Elections and democratic processes
newsletter-section-legislation = Laws against civil society
newsletter-section-digital-rights = Internet freedom and surveillance
newsletter-section-solidarity = Solidarity
newsletter-section-international = International corner

## Subscribers and deliveries
newsletter-subscriber-pending = Awaiting confirmation
newsletter-subscriber-confirmed = Confirmed
newsletter-subscriber-unsubscribed = Unsubscribed
newsletter-delivery-pending = Waiting
newsletter-delivery-in-flight = Being handed to the relay
newsletter-delivery-sent = Sent
newsletter-delivery-deferred = Refused for now, tried again on the next run
newsletter-delivery-failed = Refused for good
newsletter-delivery-skipped = Skipped (unsubscribed)

## An issue as readers see it
newsletter-number = No. { $number }
newsletter-no-events = This issue holds no published events.
newsletter-read-on-web = Read this issue on the web
newsletter-unsubscribe-link = Unsubscribe

## The confirmation mail
newsletter-confirm-mail-subject = Confirm your subscription to the Kuager newsletter
newsletter-confirm-mail-body = Someone, probably you, asked to receive the Kuager newsletter at this address. To confirm, open this link:
newsletter-confirm-mail-ignore = { $count ->
    [one] If it was not you, ignore this message: nothing will be sent to you. The link works for { $count } day.
   *[other] If it was not you, ignore this message: nothing will be sent to you. The link works for { $count } days.
}

## Problems
newsletter-error-language = Choose the edition: Russian, Kazakh or English.
newsletter-error-period = The period must end on or after its first day.
newsletter-error-title = The title is too long or has control characters.
newsletter-error-introduction = The introduction is too long.
newsletter-error-duplicate-event = An event appears twice in the issue.
newsletter-error-published = This issue is published and can no longer be changed.
newsletter-error-not-published = Publish the issue before sending it.
newsletter-error-address = Give an e-mail address such as name@example.org.

## Public pages
newsletter-archive-title = Newsletter
newsletter-archive-intro = Weekly news on human rights in Kazakhstan, from the register's published events.
newsletter-archive-empty = No issue has been published yet.
newsletter-feed-title = Kuager newsletter
newsletter-feed-link = Atom feed
newsletter-subscribe-link = Subscribe by e-mail
newsletter-subscribe-title = Subscribe to the newsletter
newsletter-subscribe-intro = We send one confirmation link to the address you give; nothing else is sent until you follow it. Every issue carries a link to unsubscribe at once.
newsletter-field-email = E-mail address
newsletter-field-edition = Edition
newsletter-action-subscribe = Subscribe
newsletter-subscribe-sent = Thank you. If the address can receive the newsletter, a message with a confirmation link is on its way to it.
newsletter-subscribe-unavailable = Subscribing by e-mail is not available on this site at the moment.
newsletter-confirmed-title = Subscription confirmed
newsletter-confirmed-text = Thank you: you will receive the next issues of the newsletter.
newsletter-confirm-invalid = This confirmation link is not valid: it may have been used already or have expired. You can subscribe again.
newsletter-unsubscribe-title = Unsubscribe from the newsletter
newsletter-unsubscribe-question = Stop receiving the newsletter at this address?
newsletter-action-unsubscribe = Unsubscribe
newsletter-unsubscribed-text = You are unsubscribed, and your address has been erased.
newsletter-unsubscribe-invalid = This unsubscribe link is not valid.

## The editor's pages
newsletter-editor-title = Newsletter issues
nav-newsletter = Newsletter
newsletter-new-issue = New issue
newsletter-no-issues = No issues yet.
newsletter-field-period-start = First day of the period
newsletter-field-period-end = Last day of the period
newsletter-field-title = Title
newsletter-field-introduction = Introduction
newsletter-field-section = Section
newsletter-field-position = Order
newsletter-field-include = Include
newsletter-field-event-id = Event number
newsletter-action-create = Build the issue
newsletter-action-save-issue = Save the issue
newsletter-action-publish = Publish
newsletter-action-add-event = Add the event
newsletter-state-draft = Draft
newsletter-state-published = Published
newsletter-items = Events of the issue
newsletter-item-not-public = Not published now: left out of the issue.
newsletter-preview = Preview (as readers will see it)
newsletter-delivery-status = Delivery
newsletter-subscribers = Subscribers
newsletter-send-hint = Send it from the command line: kuager newsletter send { $number }
newsletter-public-page = Public page
done-newsletter-created = The issue was built from the period's published events.
done-newsletter-saved = The issue was saved.
done-newsletter-published = The issue is published.
newsletter-send-button = Send to subscribers
newsletter-resume-button = Send the rest
newsletter-send-about = Each confirmed subscriber of this edition gets the issue once; sending again resumes what an interrupted run left.
newsletter-sending-now = Being sent now (this run holds the issue until { $until } at the latest). Reload the page to see how far it is.
newsletter-send-no-relay = This server has no mail relay: start it with --smtp-url, --mail-from and --public-url to send from here.
done-newsletter-sending = Sending has started. Reload the page to follow it.
done-newsletter-already-sending = Another run is sending this issue already.
