DROP TABLE event_participants;
DROP TABLE events;
