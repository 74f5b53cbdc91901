"""The portal: the pages that gather every step for one person — the starting page of
each role, a subject's history — and the administrator's read-only windows on the audit
and the ledger. It sits on top of the apps (with the API and the URL map) and may read
any of them; nothing imports it but those."""
