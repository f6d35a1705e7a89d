-- A household's page reads each member's record: logged as its own part, shown to the person.
ALTER TABLE person_reads DROP CONSTRAINT person_reads_part_check;
ALTER TABLE person_reads ADD CONSTRAINT person_reads_part_check
    CHECK (part IN ('record', 'special', 'export', 'household'));
