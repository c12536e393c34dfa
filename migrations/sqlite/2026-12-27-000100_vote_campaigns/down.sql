DROP TABLE vote_transitions;
DROP TABLE vote_campaigns;
