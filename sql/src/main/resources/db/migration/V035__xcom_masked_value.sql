-- What viewers of an XCom see when its value holds a secret the pushing task fetched (the value
-- with each secret replaced by ***). Null when the value holds none. Tasks pulling the XCom still
-- get the value itself; the API, the UI and the CLI show this copy instead.
alter table xcom add column masked_value jsonb;
