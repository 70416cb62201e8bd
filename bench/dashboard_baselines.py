"""The dashboard benchmark's baselines: its first pages read by hand, each in one statement."""

# The same first page by hand, in one statement: its requests in the stored order (the index
# `dashboard_order`), their bodies, and each one's legal deadline.
BASELINE = """
SELECT r.id, r.subject, r.status, b.name_ru, b.name_kk, b.name_en, legal.id, legal.due_date,
       legal.state, legal.ends_at
FROM (
    SELECT id, subject, status, public_body_id, legal_due_date
    FROM information_requests_informationrequest
    WHERE requester_id = %(requester)s
    ORDER BY CASE WHEN legal_due_date IS NOT NULL AND status = 'overdue' THEN 0
                  WHEN status = 'overdue' THEN 1 WHEN legal_due_date IS NOT NULL THEN 2
                  ELSE 3 END, legal_due_date, id DESC
    LIMIT %(limit)s
) r
JOIN bodies_publicbody b ON b.id = r.public_body_id
LEFT JOIN LATERAL (
    SELECT d.id, d.due_date, d.state, d.ends_at FROM information_requests_deadline d
    WHERE d.information_request_id = r.id AND d.is_legal_deadline AND d.state <> 'superseded'
    ORDER BY d.due_date, d.id LIMIT 1
) legal ON true
ORDER BY CASE WHEN r.legal_due_date IS NOT NULL AND r.status = 'overdue' THEN 0
              WHEN r.status = 'overdue' THEN 1 WHEN r.legal_due_date IS NOT NULL THEN 2
              ELSE 3 END, r.legal_due_date, r.id DESC
"""

# The organisation's first page by hand: the first rows of mine (index `dashboard_order`) and of
# those shared with her newsroom (index `dashboard_shared_order`), merged, then as above.
ORDER = """CASE WHEN legal_due_date IS NOT NULL AND status = 'overdue' THEN 0
    WHEN status = 'overdue' THEN 1 WHEN legal_due_date IS NOT NULL THEN 2 ELSE 3 END,
    legal_due_date, id DESC"""
ORGANISATION_BASELINE = BASELINE.replace(
    "WHERE requester_id = %(requester)s\n",
    f"""WHERE id IN (
        (SELECT id FROM information_requests_informationrequest
         WHERE requester_id = %(requester)s ORDER BY {ORDER} LIMIT %(limit)s)
        UNION ALL
        (SELECT id FROM information_requests_informationrequest
         WHERE organization_id = %(organization)s AND visibility IN ('organization', 'public')
         ORDER BY {ORDER} LIMIT %(limit)s)
    )
""",
)
