-- Postmortems people saved, drafted by pipekeeper and edited by them: the latest text of each incident's, with who
-- saved it and when. Written by Postmortems alone.
CREATE TABLE postmortems (
    incident_id BIGINT                   NOT NULL PRIMARY KEY REFERENCES incidents (id),
    markdown    VARCHAR(200000)          NOT NULL,
    saved_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    saved_by    VARCHAR(100)             NOT NULL
);

-- Whether a page was worth waking for, as the person paged said (a link in the page, an SMS reply 12n, the
-- command line): their latest answer per incident. Written by PageFeedback alone.
CREATE TABLE page_feedback (
    incident_id BIGINT                   NOT NULL REFERENCES incidents (id),
    person      VARCHAR(100)             NOT NULL,
    verdict     VARCHAR(10)              NOT NULL CHECK (verdict IN ('useful', 'noise')),
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (incident_id, person)
);
