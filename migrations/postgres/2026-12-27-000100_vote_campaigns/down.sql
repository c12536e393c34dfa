DROP TABLE vote_transitions;
DROP TABLE vote_campaigns;
DROP FUNCTION vote_campaigns_guard();
