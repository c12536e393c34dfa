# The consumer vote for "Hàng Việt Nam được người tiêu dùng yêu thích" (issue 17).

vote-state-draft = Draft
vote-state-nominations-open = Open for nominations
vote-state-review = Nominations under review
vote-state-voting-open = Voting open
vote-state-voting-closed = Voting closed
vote-state-counting = Counting
vote-state-provisional = Provisional results
vote-state-objections = Open for objections
vote-state-certified = Results certified
vote-state-archived = Archived

audit-action-create_vote = Vote campaign created
audit-action-set_vote_rules = Vote rules changed
audit-action-vote-nominations_open = Nominations opened
audit-action-vote-review = Nominations under review
audit-action-vote-voting_open = Voting opened (rules frozen)
audit-action-vote-voting_closed = Voting closed
audit-action-vote-counting = Counting started
audit-action-vote-provisional = Provisional results published
audit-action-vote-objections = Objections opened
audit-action-vote-certified = Results certified
audit-action-vote-archived = Vote campaign archived

audit-action-review_nomination = Nomination reviewed

vote-nomination-submitted = Submitted
vote-nomination-needs-info = More information needed
vote-nomination-eligible = Eligible
vote-nomination-rejected = Rejected
vote-nomination-withdrawn = Withdrawn
audit-action-open_paper_batch = Paper ballot batch opened
audit-action-enter_paper_batch = Paper ballot batch entered
audit-action-appoint_juror = Juror appointed
