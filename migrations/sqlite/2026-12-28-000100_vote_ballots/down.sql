DROP TABLE vote_detections;
DROP TABLE vote_flags;
DROP TABLE vote_objections;
DROP TABLE vote_files;
DROP TABLE vote_pow_spent;
DROP TABLE vote_contacts;
DROP TABLE vote_ballots;
