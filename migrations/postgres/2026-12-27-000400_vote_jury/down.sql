DROP TABLE vote_jury_scores;
DROP TABLE vote_jurors;
