## Collective appeals and their signatories

nav-appeals = Appeals
nav-appeals-editor = Appeals (editing)
appeals-title = Collective appeals
appeals-editor-title = Appeals: drafting and signatories
no-appeals = There are no appeals yet.
appeal-new-title = New appeal
appeal-edit = Edit the appeal
action-new-appeal = New appeal

appeal-state-draft = Draft (not public)
appeal-state-open = Open for signatures
appeal-state-closed = Closed (final)
action-appeal-open = Open for signatures
action-appeal-closed = Close the appeal
done-appeal-open = The appeal is public and open for signatures.
done-appeal-closed = The appeal is closed: signing has stopped.
done-appeal-saved = Appeal saved.

field-appeal-addressees = Addressees (one per line)
field-appeal-title = Title
field-appeal-language = Language of the appeal
field-appeal-text = Text
field-appeal-state = State
appeal-markdown-hint = Markdown: *emphasis*, **bold**, lists, headings. HTML is shown as text; links and images are written out as their address.
error-appeal-language = Choose Russian, Kazakh or English.
error-appeal-closed = The appeal is closed: it can no longer be changed.
error-appeal-state = The appeal cannot move to that state.
error-appeal-not-open = This appeal is not open for signatures.

appeal-citations = Cases and people cited
no-citations = Nothing is cited yet.
field-citation-kind = Cite a
citation-kind-person = person (register id)
citation-kind-event = case (event number)
field-citation-reference = Id or number
action-cite = Cite
citation-not-public = not public: it will not be shown in the appeal
citation-missing = no longer in the register
done-cited = Cited.
done-cited-not-public = Cited, but it is not public: the appeal will not show it until it is.
done-citation-removed = Citation removed.
error-unknown-person = There is no person with this id.
appeal-citations-withheld = { $count ->
    [one] One cited record is not public and is left out.
   *[other] { $count } cited records are not public and are left out.
}

appeal-signatories = Signatories
appeal-signatory = Signatory
appeal-counted = Confirmed and approved signatories
appeal-signatory-count = { $count ->
    [one] one signatory
   *[other] { $count } signatories
}
field-moderation = Decision
field-confirmed = E-mail confirmed
no-signatures = No signatures match.
moderation-pending = waiting for a decision
moderation-approved = approved
moderation-rejected = rejected
signature-confirmed = confirmed
signature-unconfirmed = not confirmed
action-approve = Approve
action-reject = Reject
done-signature-approved = Signatory approved.
done-signature-rejected = Signatory rejected.

appeal-preview = Preview
appeal-back-to-editing = Back to editing
appeal-public-page = Public page
appeal-pdf = PDF
appeal-csv = Signatories (CSV)
appeal-read = Read the appeal

action-sign-appeal = Sign the appeal
appeal-sign-title = Sign: { $title }
field-signatory-name = Name
field-signatory-role = Role or position
field-signatory-organisation = Organisation
field-signatory-city = City
field-signatory-country = Country
field-signatory-group = Political group
field-signatory-email = E-mail
appeal-email-hint = We send a confirmation link to this address. It is kept encrypted, never shown and never shared.
error-email = Give an e-mail address such as name@example.org.
appeal-closed-for-signing = This appeal is closed: it no longer takes signatures.
appeal-signing-unavailable = Signing is not available at the moment: this site cannot send e-mail.
appeal-mail-failed = The confirmation e-mail could not be sent. Please try again later.
appeal-check-mail-title = Check your e-mail
appeal-check-mail = Thank you. We sent a confirmation link to the address you gave: your signature counts once you open it and confirm. If you had already confirmed, nothing changes.
appeal-mail-subject = Confirm your signature: { $title }
appeal-mail-text = You (or someone using your address) signed the appeal "{ $title }".

    To confirm your signature, open this link within { $days } days and press the button:
    { $link }

    If it was not you, ignore this message: the signature will not count.
appeal-confirm-title = Confirm your signature
appeal-confirm-text = Press the button to confirm your signature. An editor reviews every signature before it is shown.
action-confirm-signature = Confirm my signature
appeal-confirmed = Your signature is confirmed. Thank you. It will be shown once an editor has reviewed it.
appeal-link-invalid = This link is not valid: it was used already, it expired, or it was mistyped.
