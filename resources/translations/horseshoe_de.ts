<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
    <context>
        <name>AddressPage</name>
        <message>
            <source>&amp;Trust this certificate for {host}</source>
            <translation>Diesem Zertifikat für {host} &amp;vertrauen</translation>
        </message>
        <message>
            <source>C&amp;heck</source>
            <translation>&amp;Prüfen</translation>
        </message>
        <message>
            <source>Cannot keep the certificate: {error}</source>
            <translation>Das Zertifikat kann nicht gespeichert werden: {error}</translation>
        </message>
        <message>
            <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
            <translation>Zertifikate (*.pem *.crt *.cer);;Alle Dateien (*)</translation>
        </message>
        <message>
            <source>Choose a CA file</source>
            <translation>CA-Datei wählen</translation>
        </message>
        <message>
            <source>Fetching the certificate of {host}…</source>
            <translation>Zertifikat von {host} wird abgerufen…</translation>
        </message>
        <message>
            <source>Hub &amp;address</source>
            <translation>Hub-&amp;Adresse</translation>
        </message>
        <message>
            <source>Hub address</source>
            <translation>Hub-Adresse</translation>
        </message>
        <message>
            <source>It is NOT the certificate you trusted for this hub before (SHA-256 {before}): ask your administrator whether it was replaced.</source>
            <translation>Das ist NICHT das Zertifikat, dem Sie bei diesem Hub zuvor vertraut haben (SHA-256 {before}): Fragen Sie Ihre Administration, ob es ersetzt wurde.</translation>
        </message>
        <message>
            <source>Plain http to this computer: no certificate to check.</source>
            <translation>Einfaches http zu diesem Computer: kein Zertifikat zu prüfen.</translation>
        </message>
        <message>
            <source>The certificate is refused: {reason}. Ask your administrator to fix it.</source>
            <translation>Das Zertifikat wird abgelehnt: {reason}. Bitten Sie Ihre Administration, es zu beheben.</translation>
        </message>
        <message>
            <source>The certificate is trusted (by the CA file you chose).</source>
            <translation>Dem Zertifikat wird vertraut (über die gewählte CA-Datei).</translation>
        </message>
        <message>
            <source>The certificate is trusted by this computer.</source>
            <translation>Dieser Computer vertraut dem Zertifikat.</translation>
        </message>
        <message>
            <source>This computer does not trust the certificate: {kind} ({reason}). Trust it only if its SHA-256 fingerprint is the one your administrator gave you, or use your organisation's CA file.</source>
            <translation>Dieser Computer vertraut dem Zertifikat nicht: {kind} ({reason}). Vertrauen Sie ihm nur, wenn sein SHA-256-Fingerabdruck der ist, den Ihre Administration Ihnen gegeben hat, oder verwenden Sie die CA-Datei Ihrer Organisation.</translation>
        </message>
        <message>
            <source>Type the address your administrator gave you, then check it.</source>
            <translation>Geben Sie die Adresse ein, die Sie von Ihrer Administration erhalten haben, und prüfen Sie sie.</translation>
        </message>
        <message>
            <source>Use a CA &amp;file…</source>
            <translation>CA-&amp;Datei verwenden…</translation>
        </message>
        <message>
            <source>Verify the hub with your organisation's certificate authority</source>
            <translation>Den Hub mit der Zertifizierungsstelle Ihrer Organisation prüfen</translation>
        </message>
        <message>
            <source>Your team's hub</source>
            <translation>Der Hub Ihres Teams</translation>
        </message>
        <message>
            <source>it is self-signed</source>
            <translation>es ist selbstsigniert</translation>
        </message>
        <message>
            <source>it was issued by an authority this computer does not know</source>
            <translation>es wurde von einer Stelle ausgestellt, die dieser Computer nicht kennt</translation>
        </message>
    </context>
    <context>
        <name>AnalyticsDialog</name>
        <message>
            <source> (median)</source>
            <translation> (Median)</translation>
        </message>
        <message>
            <source>&amp;Chart:</source>
            <translation>&amp;Diagramm:</translation>
        </message>
        <message>
            <source>&amp;Definitions</source>
            <translation>&amp;Definitionen</translation>
        </message>
        <message>
            <source>&amp;Export CSV…</source>
            <translation>CSV &amp;exportieren…</translation>
        </message>
        <message>
            <source>&amp;Group by:</source>
            <translation>&amp;Gruppieren nach:</translation>
        </message>
        <message>
            <source>&amp;Period:</source>
            <translation>&amp;Zeitraum:</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Aktualisieren</translation>
        </message>
        <message>
            <source>Agent (first reply)</source>
            <translation>Agent (erste Antwort)</translation>
        </message>
        <message>
            <source>All time</source>
            <translation>Gesamte Zeit</translation>
        </message>
        <message>
            <source>Analytics</source>
            <translation>Auswertungen</translation>
        </message>
        <message>
            <source>Analytics: definitions</source>
            <translation>Auswertungen: Definitionen</translation>
        </message>
        <message>
            <source>Brand account</source>
            <translation>Markenkonto</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV-Dateien (*.csv)</translation>
        </message>
        <message>
            <source>Cases</source>
            <translation>Fälle</translation>
        </message>
        <message>
            <source>Chart step</source>
            <translation>Diagrammschritt</translation>
        </message>
        <message>
            <source>Counting… (cases changed since the last count are read first)</source>
            <translation>Zähle… (seit der letzten Zählung geänderte Fälle werden zuerst gelesen)</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>Tag</translation>
        </message>
        <message>
            <source>Each measure for each group in the period</source>
            <translation>Jede Kennzahl für jede Gruppe im Zeitraum</translation>
        </message>
        <message>
            <source>Excluded</source>
            <translation>Ausgeschlossen</translation>
        </message>
        <message>
            <source>Export analytics as CSV</source>
            <translation>Auswertungen als CSV exportieren</translation>
        </message>
        <message>
            <source>First response
median</source>
            <translation>Erstreaktion
Median</translation>
        </message>
        <message>
            <source>First response
p90</source>
            <translation>Erstreaktion
p90</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>Gruppe</translation>
        </message>
        <message>
            <source>Groups</source>
            <translation>Gruppen</translation>
        </message>
        <message>
            <source>Guidance path</source>
            <translation>Leitfadenpfad</translation>
        </message>
        <message>
            <source>How the chart groups the period: by day or by week</source>
            <translation>Wie das Diagramm den Zeitraum gruppiert: nach Tag oder nach Woche</translation>
        </message>
        <message>
            <source>Last 30 days</source>
            <translation>Letzte 30 Tage</translation>
        </message>
        <message>
            <source>Last 365 days</source>
            <translation>Letzte 365 Tage</translation>
        </message>
        <message>
            <source>Last 7 days</source>
            <translation>Letzte 7 Tage</translation>
        </message>
        <message>
            <source>Last 90 days</source>
            <translation>Letzte 90 Tage</translation>
        </message>
        <message>
            <source>Measures</source>
            <translation>Kennzahlen</translation>
        </message>
        <message>
            <source>Network</source>
            <translation>Netzwerk</translation>
        </message>
        <message>
            <source>No cases were created in this period. Choose a longer period, or wait for the cache to sync: the analytics count the cases this desk holds.</source>
            <translation>In diesem Zeitraum wurden keine Fälle angelegt. Wählen Sie einen längeren Zeitraum oder warten Sie auf die Synchronisierung: Die Auswertungen zählen die Fälle dieses Arbeitsplatzes.</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>Zeitraum</translation>
        </message>
        <message>
            <source>Reopen
rate</source>
            <translation>Wiederöffnungs-
quote</translation>
        </message>
        <message>
            <source>Resolution
median</source>
            <translation>Lösung
Median</translation>
        </message>
        <message>
            <source>Resolution
p90</source>
            <translation>Lösung
p90</translation>
        </message>
        <message>
            <source>Response
rate</source>
            <translation>Antwort-
quote</translation>
        </message>
        <message>
            <source>Saved {rows} rows to {path}.</source>
            <translation>{rows} Zeilen unter {path} gespeichert.</translation>
        </message>
        <message>
            <source>Sentiment
change</source>
            <translation>Stimmungs-
änderung</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>Team</translation>
        </message>
        <message>
            <source>The analytics could not be read: {error}</source>
            <translation>Die Auswertungen konnten nicht gelesen werden: {error}</translation>
        </message>
        <message>
            <source>The days the measures cover</source>
            <translation>Die Tage, die die Kennzahlen abdecken</translation>
        </message>
        <message>
            <source>The measure the chart shows over time</source>
            <translation>Die Kennzahl, die das Diagramm im Zeitverlauf zeigt</translation>
        </message>
        <message>
            <source>Times are accurate to 2% (see the README).</source>
            <translation>Zeiten sind auf 2 % genau (siehe README).</translation>
        </message>
        <message>
            <source>Week</source>
            <translation>Woche</translation>
        </message>
        <message>
            <source>What the table's rows are</source>
            <translation>Was die Zeilen der Tabelle sind</translation>
        </message>
        <message>
            <source>by day</source>
            <translation>nach Tag</translation>
        </message>
        <message>
            <source>by week</source>
            <translation>nach Woche</translation>
        </message>
        <message>
            <source>{cases} cases created in the period ({excluded} excluded as spam or duplicates) · {answered} answered · {resolved} resolved now. Each figure shows the number of cases it stands on (n); see Definitions.</source>
            <translation>{cases} Fälle im Zeitraum angelegt ({excluded} als Spam oder Duplikat ausgeschlossen) · {answered} beantwortet · {resolved} jetzt abgeschlossen. Jede Zahl zeigt, auf wie vielen Fällen sie beruht (n); siehe Definitionen.</translation>
        </message>
        <message>
            <source>{measure} {step}</source>
            <translation>{measure} {step}</translation>
        </message>
    </context>
    <context>
        <name>ArchiveDialog</name>
        <message>
            <source>&amp;Date:</source>
            <translation>&amp;Datum:</translation>
        </message>
        <message>
            <source>&amp;Export result</source>
            <translation>Ergebnis &amp;exportieren</translation>
        </message>
        <message>
            <source>&amp;From:</source>
            <translation>&amp;Von:</translation>
        </message>
        <message>
            <source>&amp;Network:</source>
            <translation>&amp;Netzwerk:</translation>
        </message>
        <message>
            <source>&amp;Replay…</source>
            <translation>&amp;Wiedergabe…</translation>
        </message>
        <message>
            <source>&amp;To:</source>
            <translation>&amp;An:</translation>
        </message>
        <message>
            <source>(no guidance)</source>
            <translation>(kein Leitfaden)</translation>
        </message>
        <message>
            <source>(not answered)</source>
            <translation>(nicht beantwortet)</translation>
        </message>
        <message>
            <source>1 case matches.</source>
            <translation>1 Fall passt.</translation>
        </message>
        <message>
            <source>A&amp;ccount:</source>
            <translation>&amp;Konto:</translation>
        </message>
        <message>
            <source>A&amp;gent:</source>
            <translation>A&amp;gent:</translation>
        </message>
        <message>
            <source>Any</source>
            <translation>Beliebig</translation>
        </message>
        <message>
            <source>Archived cases</source>
            <translation>Archivierte Fälle</translation>
        </message>
        <message>
            <source>As CSV (its timeline)…</source>
            <translation>Als CSV (seine Zeitleiste)…</translation>
        </message>
        <message>
            <source>As CSV (one row per case)…</source>
            <translation>Als CSV (eine Zeile pro Fall)…</translation>
        </message>
        <message>
            <source>As JSON (all its rows)…</source>
            <translation>Als JSON (alle seine Zeilen)…</translation>
        </message>
        <message>
            <source>As JSON (whole cases)…</source>
            <translation>Als JSON (ganze Fälle)…</translation>
        </message>
        <message>
            <source>At least {n} cases match, newest first.</source>
            <translation>Mindestens {n} Fälle passen, neueste zuerst.</translation>
        </message>
        <message>
            <source>C&amp;lear filters</source>
            <translation>Filter &amp;löschen</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV-Dateien (*.csv)</translation>
        </message>
        <message>
            <source>Case archive</source>
            <translation>Fallarchiv</translation>
        </message>
        <message>
            <source>Case preview</source>
            <translation>Fallvorschau</translation>
        </message>
        <message>
            <source>Case re&amp;port (PDF)…</source>
            <translation>Fall&amp;bericht (PDF)…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Schließen</translation>
        </message>
        <message>
            <source>D&amp;isposition:</source>
            <translation>&amp;Abschlussgrund:</translation>
        </message>
        <message>
            <source>Enter replays the selected case</source>
            <translation>Enter spielt den ausgewählten Fall ab</translation>
        </message>
        <message>
            <source>Export c&amp;ase</source>
            <translation>F&amp;all exportieren</translation>
        </message>
        <message>
            <source>Export the case</source>
            <translation>Den Fall exportieren</translation>
        </message>
        <message>
            <source>Export the search result</source>
            <translation>Das Suchergebnis exportieren</translation>
        </message>
        <message>
            <source>Exporting every matching case to {path}…</source>
            <translation>Alle passenden Fälle werden nach {path} exportiert…</translation>
        </message>
        <message>
            <source>G&amp;uidance path:</source>
            <translation>&amp;Leitfadenpfad:</translation>
        </message>
        <message>
            <source>JSON files (*.json)</source>
            <translation>JSON-Dateien (*.json)</translation>
        </message>
        <message>
            <source>Matched in a {source}:</source>
            <translation>Treffer in einer {source}:</translation>
        </message>
        <message>
            <source>No case matches. Try fewer words or filters; the archive holds the cases this desk has synced.</source>
            <translation>Kein Fall passt. Versuchen Sie weniger Wörter oder Filter; das Archiv enthält die Fälle, die dieser Arbeitsplatz synchronisiert hat.</translation>
        </message>
        <message>
            <source>Opened</source>
            <translation>Eröffnet</translation>
        </message>
        <message>
            <source>Replay is not available in this version.</source>
            <translation>Die Wiedergabe ist in dieser Version nicht verfügbar.</translation>
        </message>
        <message>
            <source>Saved the case to {path}.</source>
            <translation>Fall unter {path} gespeichert.</translation>
        </message>
        <message>
            <source>Saved {n} cases to {path}.</source>
            <translation>{n} Fälle unter {path} gespeichert.</translation>
        </message>
        <message>
            <source>Se&amp;ntiment:</source>
            <translation>S&amp;timmung:</translation>
        </message>
        <message>
            <source>Search the archive</source>
            <translation>Archiv durchsuchen</translation>
        </message>
        <message>
            <source>Searching…</source>
            <translation>Suche läuft…</translation>
        </message>
        <message>
            <source>Select a case to see its messages, replies and notes.</source>
            <translation>Wählen Sie einen Fall, um seine Nachrichten, Antworten und Notizen zu sehen.</translation>
        </message>
        <message>
            <source>Shows only the cases with this value; Any shows all</source>
            <translation>Zeigt nur die Fälle mit diesem Wert; „Alle“ zeigt alle</translation>
        </message>
        <message>
            <source>The PDF case report is not available in this version.</source>
            <translation>Der PDF-Fallbericht ist in dieser Version nicht verfügbar.</translation>
        </message>
        <message>
            <source>The archive could not be read: {reason}</source>
            <translation>Das Archiv konnte nicht gelesen werden: {reason}</translation>
        </message>
        <message>
            <source>The archive failed: {error}</source>
            <translation>Das Archiv ist fehlgeschlagen: {error}</translation>
        </message>
        <message>
            <source>The first day searched; any for no bound</source>
            <translation>Der erste durchsuchte Tag; „beliebig“ für keine Grenze</translation>
        </message>
        <message>
            <source>The last day searched; any for no bound</source>
            <translation>Der letzte durchsuchte Tag; „beliebig“ für keine Grenze</translation>
        </message>
        <message>
            <source>The selected case's messages, replies and notes</source>
            <translation>Nachrichten, Antworten und Notizen des ausgewählten Falls</translation>
        </message>
        <message>
            <source>This case is no longer in the cache.</source>
            <translation>Dieser Fall ist nicht mehr im Cache.</translation>
        </message>
        <message>
            <source>Timeline</source>
            <translation>Zeitleiste</translation>
        </message>
        <message>
            <source>Updated</source>
            <translation>Aktualisiert</translation>
        </message>
        <message>
            <source>Which date of a case the From and To bounds apply to</source>
            <translation>Für welches Datum eines Falls die Grenzen Von und Bis gelten</translation>
        </message>
        <message>
            <source>Words in messages, replies and notes (each word as a prefix)</source>
            <translation>Wörter in Nachrichten, Antworten und Notizen (jedes Wort als Präfix)</translation>
        </message>
        <message>
            <source>answered by {agent}</source>
            <translation>beantwortet von {agent}</translation>
        </message>
        <message>
            <source>any</source>
            <translation>beliebig</translation>
        </message>
        <message>
            <source>guidance: {path}</source>
            <translation>Leitfaden: {path}</translation>
        </message>
        <message>
            <source>opened {when}</source>
            <translation>eröffnet {when}</translation>
        </message>
        <message>
            <source>resolved as {d}</source>
            <translation>abgeschlossen als {d}</translation>
        </message>
        <message>
            <source>{n} cases match, newest first.</source>
            <translation>{n} Fälle passen, neueste zuerst.</translation>
        </message>
        <message>
            <source>{rows} cases shown; counting…</source>
            <translation>{rows} Fälle angezeigt; zähle…</translation>
        </message>
    </context>
    <context>
        <name>ArchiveModel</name>
        <message>
            <source>(not answered)</source>
            <translation>(nicht beantwortet)</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Konto</translation>
        </message>
        <message>
            <source>Agent</source>
            <translation>Agent</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Kunde</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Datum</translation>
        </message>
        <message>
            <source>Disposition</source>
            <translation>Abschlussgrund</translation>
        </message>
        <message>
            <source>Guidance path</source>
            <translation>Leitfadenpfad</translation>
        </message>
        <message>
            <source>Matched</source>
            <translation>Treffer</translation>
        </message>
        <message>
            <source>Network</source>
            <translation>Netzwerk</translation>
        </message>
        <message>
            <source>Sentiment change</source>
            <translation>Stimmungsänderung</translation>
        </message>
        <message>
            <source>improved</source>
            <translation>verbessert</translation>
        </message>
        <message>
            <source>message</source>
            <translation>Nachricht</translation>
        </message>
        <message>
            <source>note</source>
            <translation>Notiz</translation>
        </message>
        <message>
            <source>reply</source>
            <translation>Antwort</translation>
        </message>
        <message>
            <source>unchanged</source>
            <translation>unverändert</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>unbekannt</translation>
        </message>
        <message>
            <source>worsened</source>
            <translation>verschlechtert</translation>
        </message>
    </context>
    <context>
        <name>AssignDialog</name>
        <message>
            <source>&amp;Assign</source>
            <translation>&amp;Zuweisen</translation>
        </message>
        <message>
            <source>&amp;Unassign</source>
            <translation>Zuweisung &amp;aufheben</translation>
        </message>
        <message>
            <source>Assign</source>
            <translation>Zuweisen</translation>
        </message>
        <message>
            <source>Assign to &amp;me</source>
            <translation>&amp;Mir zuweisen</translation>
        </message>
        <message>
            <source>Assign {what} to:</source>
            <translation>{what} zuweisen an:</translation>
        </message>
        <message>
            <source>Find a person</source>
            <translation>Person suchen</translation>
        </message>
        <message>
            <source>Narrows the list to names containing the text</source>
            <translation>Beschränkt die Liste auf Namen, die den Text enthalten</translation>
        </message>
        <message>
            <source>No team</source>
            <translation>Kein Team</translation>
        </message>
        <message>
            <source>Nobody matches.</source>
            <translation>Niemand passt.</translation>
        </message>
        <message>
            <source>Other teams</source>
            <translation>Andere Teams</translation>
        </message>
        <message>
            <source>People</source>
            <translation>Personen</translation>
        </message>
        <message>
            <source>Type a name…</source>
            <translation>Einen Namen eingeben…</translation>
        </message>
        <message>
            <source>Who the cases can go to; Enter assigns to the selected one</source>
            <translation>An wen die Fälle gehen können; Enter weist der ausgewählten Person zu</translation>
        </message>
        <message>
            <source>the case</source>
            <translation>der Fall</translation>
        </message>
        <message>
            <source>{name} (you)</source>
            <translation>{name} (Sie)</translation>
        </message>
        <message>
            <source>{n} cases</source>
            <translation>{n} Fälle</translation>
        </message>
    </context>
    <context>
        <name>BroadcastBanner</name>
        <message numerus="yes">
            <source>%n more…</source>
            <translation>
                <numerusform>%n weitere…</numerusform>
                <numerusform>%n weitere…</numerusform>
            </translation>
        </message>
        <message>
            <source>&amp;Dismiss</source>
            <translation>&amp;Verwerfen</translation>
        </message>
        <message>
            <source>Hide this note; it stays in Team notes…</source>
            <translation>Diese Notiz ausblenden; sie bleibt in den Teamnotizen…</translation>
        </message>
        <message>
            <source>Team &amp;notes…</source>
            <translation>Team&amp;notizen…</translation>
        </message>
        <message>
            <source>Team note</source>
            <translation>Teamnotiz</translation>
        </message>
        <message>
            <source>Team note from {author} to everyone · {time}</source>
            <translation>Teamnotiz von {author} an alle · {time}</translation>
        </message>
        <message>
            <source>Team note from {author} to {team} · {time}</source>
            <translation>Teamnotiz von {author} an {team} · {time}</translation>
        </message>
    </context>
    <context>
        <name>BroadcastDialog</name>
        <message>
            <source> — too long: shorten it to send</source>
            <translation> — zu lang: zum Senden kürzen</translation>
        </message>
        <message>
            <source>&amp;Note:</source>
            <translation>&amp;Notiz:</translation>
        </message>
        <message>
            <source>&amp;Send</source>
            <translation>&amp;Senden</translation>
        </message>
        <message>
            <source>&amp;To:</source>
            <translation>&amp;An:</translation>
        </message>
        <message>
            <source>Everyone</source>
            <translation>Alle</translation>
        </message>
        <message>
            <source>Send a team note</source>
            <translation>Eine Teamnotiz senden</translation>
        </message>
        <message>
            <source>The note shown on each agent's desk; Tab moves on to the buttons</source>
            <translation>Die Notiz auf dem Arbeitsplatz jedes Agenten; Tab geht weiter zu den Schaltflächen</translation>
        </message>
        <message>
            <source>What the team should know now, e.g. an outage and what to say</source>
            <translation>Was das Team jetzt wissen sollte, z. B. eine Störung und was man sagt</translation>
        </message>
        <message>
            <source>Who sees the note: everyone or one team</source>
            <translation>Wer die Notiz sieht: alle oder ein Team</translation>
        </message>
        <message>
            <source>{count} / {limit} characters</source>
            <translation>{count} / {limit} Zeichen</translation>
        </message>
    </context>
    <context>
        <name>CannedPicker</name>
        <message>
            <source>Canned responses</source>
            <translation>Textbausteine</translation>
        </message>
        <message>
            <source>Filter canned responses</source>
            <translation>Textbausteine filtern</translation>
        </message>
        <message>
            <source>Insert</source>
            <translation>Einfügen</translation>
        </message>
        <message>
            <source>Insert a canned response</source>
            <translation>Einen Textbaustein einfügen</translation>
        </message>
        <message>
            <source>No canned response matches.</source>
            <translation>Kein Textbaustein passt.</translation>
        </message>
        <message>
            <source>Responses matching the filter; Enter inserts the selected one into the reply</source>
            <translation>Antworten, die zum Filter passen; Enter fügt die ausgewählte in die Antwort ein</translation>
        </message>
        <message>
            <source>Text of the chosen response</source>
            <translation>Text des gewählten Bausteins</translation>
        </message>
        <message>
            <source>Type to filter: title, tag, words of the text…</source>
            <translation>Tippen zum Filtern: Titel, Markierung, Wörter des Textes…</translation>
        </message>
    </context>
    <context>
        <name>CasePane</name>
        <message>
            <source>Asked {name} for the case; you will hear when they answer</source>
            <translation>{name} um den Fall gebeten; Sie erfahren es, sobald eine Antwort kommt</translation>
        </message>
        <message>
            <source>Claim refused: {reason}</source>
            <translation>Übernahme abgelehnt: {reason}</translation>
        </message>
        <message>
            <source>Claim requested · waiting for the hub (tentative)</source>
            <translation>Übernahme angefordert · wartet auf den Hub (vorläufig)</translation>
        </message>
        <message>
            <source>Claimed by you · Ctrl+Shift+K releases</source>
            <translation>Von Ihnen übernommen · Ctrl+Shift+K gibt frei</translation>
        </message>
        <message>
            <source>Handing the case over</source>
            <translation>Fall wird übergeben</translation>
        </message>
        <message>
            <source>Held by {name}</source>
            <translation>Bei {name}</translation>
        </message>
        <message>
            <source>Keeping the case; they will be told</source>
            <translation>Fall wird behalten; die Person wird informiert</translation>
        </message>
        <message>
            <source>Take-over requested</source>
            <translation>Übernahme angefordert</translation>
        </message>
        <message>
            <source>Unclaimed · C claims it</source>
            <translation>Nicht übernommen · C übernimmt</translation>
        </message>
    </context>
    <context>
        <name>CaseReplies</name>
        <message>
            <source>No replies on this case yet.</source>
            <translation>Noch keine Antworten in diesem Fall.</translation>
        </message>
        <message>
            <source>Replies</source>
            <translation>Antworten</translation>
        </message>
        <message>
            <source>Replies on this case</source>
            <translation>Antworten in diesem Fall</translation>
        </message>
        <message>
            <source>You</source>
            <translation>Sie</translation>
        </message>
        <message>
            <source>failed: {reason}</source>
            <translation>fehlgeschlagen: {reason}</translation>
        </message>
        <message>
            <source>needs review: {reason}</source>
            <translation>muss geprüft werden: {reason}</translation>
        </message>
        <message>
            <source>not at the hub yet (in the outbox)</source>
            <translation>noch nicht beim Hub (im Postausgang)</translation>
        </message>
        <message>
            <source>published</source>
            <translation>veröffentlicht</translation>
        </message>
        <message>
            <source>queued</source>
            <translation>eingereiht</translation>
        </message>
        <message>
            <source>queued · {reason}</source>
            <translation>eingereiht · {reason}</translation>
        </message>
        <message>
            <source>refused by the hub: {reason}</source>
            <translation>vom Hub abgelehnt: {reason}</translation>
        </message>
        <message>
            <source>sending · {reason}</source>
            <translation>wird gesendet · {reason}</translation>
        </message>
        <message>
            <source>sending…</source>
            <translation>wird gesendet…</translation>
        </message>
    </context>
    <context>
        <name>CaseReport</name>
        <message>
            <source>Case report {id}</source>
            <translation>Fallbericht {id}</translation>
        </message>
        <message>
            <source>Case report: {network} {account}</source>
            <translation>Fallbericht: {network} {account}</translation>
        </message>
        <message>
            <source>Case {id} · made {at} from this desk's cache</source>
            <translation>Fall {id} · erstellt {at} aus dem Cache dieses Arbeitsplatzes</translation>
        </message>
        <message>
            <source>Conversation</source>
            <translation>Unterhaltung</translation>
        </message>
        <message>
            <source>From</source>
            <translation>Von</translation>
        </message>
        <message>
            <source>Guidance path</source>
            <translation>Leitfadenpfad</translation>
        </message>
        <message>
            <source>No guidance was used on this case.</source>
            <translation>In diesem Fall wurde kein Leitfaden verwendet.</translation>
        </message>
        <message>
            <source>No notes on this case.</source>
            <translation>Keine Notizen in diesem Fall.</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>Notizen</translation>
        </message>
        <message>
            <source>The case</source>
            <translation>Der Fall</translation>
        </message>
        <message>
            <source>Timeline</source>
            <translation>Zeitleiste</translation>
        </message>
        <message>
            <source>What</source>
            <translation>Was</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Wann</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>Wer</translation>
        </message>
        <message>
            <source>a workstation</source>
            <translation>ein Arbeitsplatz</translation>
        </message>
        <message>
            <source>escalated to {team}</source>
            <translation>an {team} eskaliert</translation>
        </message>
        <message>
            <source>the hub</source>
            <translation>der Hub</translation>
        </message>
        <message>
            <source>the network</source>
            <translation>das Netzwerk</translation>
        </message>
        <message>
            <source>this workstation</source>
            <translation>dieser Arbeitsplatz</translation>
        </message>
    </context>
    <context>
        <name>CaseReviewActions</name>
        <message>
            <source>Case report not saved</source>
            <translation>Fallbericht nicht gespeichert</translation>
        </message>
        <message>
            <source>Case report saved to {path}.</source>
            <translation>Fallbericht unter {path} gespeichert.</translation>
        </message>
        <message>
            <source>Export case report as PDF</source>
            <translation>Fallbericht als PDF exportieren</translation>
        </message>
        <message>
            <source>PDF files (*.pdf)</source>
            <translation>PDF-Dateien (*.pdf)</translation>
        </message>
        <message>
            <source>The case report could not be made: {error}</source>
            <translation>Der Fallbericht konnte nicht erstellt werden: {error}</translation>
        </message>
    </context>
    <context>
        <name>CaseThread</name>
        <message>
            <source>In reply to</source>
            <translation>Als Antwort auf</translation>
        </message>
        <message>
            <source>In reply to a post not in this cache (id {id})</source>
            <translation>Als Antwort auf einen Beitrag, der nicht in diesem Cache ist (ID {id})</translation>
        </message>
        <message>
            <source>In reply to the brand's post</source>
            <translation>Als Antwort auf den Beitrag der Marke</translation>
        </message>
        <message>
            <source>Later:</source>
            <translation>Später:</translation>
        </message>
        <message>
            <source>No messages on this case.</source>
            <translation>Keine Nachrichten in diesem Fall.</translation>
        </message>
        <message>
            <source>Open original</source>
            <translation>Original öffnen</translation>
        </message>
        <message>
            <source>by {name}</source>
            <translation>von {name}</translation>
        </message>
        <message>
            <source>hidden</source>
            <translation>ausgeblendet</translation>
        </message>
        <message>
            <source>the brand</source>
            <translation>die Marke</translation>
        </message>
        <message>
            <source>🎞 GIF</source>
            <translation>🎞 GIF</translation>
        </message>
        <message>
            <source>🎞 video</source>
            <translation>🎞 Video</translation>
        </message>
        <message>
            <source>🔗 link</source>
            <translation>🔗 Link</translation>
        </message>
        <message>
            <source>🖼 picture</source>
            <translation>🖼 Bild</translation>
        </message>
    </context>
    <context>
        <name>CaseTimeline</name>
        <message>
            <source>A new message arrived on {network}</source>
            <translation>Eine neue Nachricht ist auf {network} eingegangen</translation>
        </message>
        <message>
            <source>Assigned to {assignee} automatically ({reason})</source>
            <translation>Automatisch {assignee} zugewiesen ({reason})</translation>
        </message>
        <message>
            <source>Case opened on {network} for {account}</source>
            <translation>Fall auf {network} für {account} eröffnet</translation>
        </message>
        <message>
            <source>Guidance {tree}: answered '{answer}' at {node} ({how})</source>
            <translation>Leitfaden {tree}: „{answer}“ bei {node} beantwortet ({how})</translation>
        </message>
        <message>
            <source>Guidance {tree}: ended at {node} as {disposition}</source>
            <translation>Leitfaden {tree}: bei {node} beendet als {disposition}</translation>
        </message>
        <message>
            <source>Guidance {tree}: escalated to {team} ({mode}): {reason}</source>
            <translation>Leitfaden {tree}: an {team} eskaliert ({mode}): {reason}</translation>
        </message>
        <message>
            <source>Guidance {tree}: noted at {node}: {text}</source>
            <translation>Leitfaden {tree}: Notiz bei {node}: {text}</translation>
        </message>
        <message>
            <source>Guidance {tree}: reached {node}</source>
            <translation>Leitfaden {tree}: {node} erreicht</translation>
        </message>
        <message>
            <source>Guidance {tree}: started</source>
            <translation>Leitfaden {tree}: begonnen</translation>
        </message>
        <message>
            <source>Guidance {tree}: suggested '{option}' at {node}, as {why}</source>
            <translation>Leitfaden {tree}: „{option}“ bei {node} vorgeschlagen, da {why}</translation>
        </message>
        <message>
            <source>Guidance {tree}: went back to {node}</source>
            <translation>Leitfaden {tree}: zurück zu {node}</translation>
        </message>
        <message>
            <source>Guidance {tree}: {node} → {answer}</source>
            <translation>Leitfaden {tree}: {node} → {answer}</translation>
        </message>
        <message>
            <source>Handed to {team}</source>
            <translation>An {team} übergeben</translation>
        </message>
        <message>
            <source>Handed to {team}: {reason}</source>
            <translation>An {team} übergeben: {reason}</translation>
        </message>
        <message>
            <source>Hidden on {network} by {actor}: {author}'s message</source>
            <translation>Auf {network} von {actor} ausgeblendet: Nachricht von {author}</translation>
        </message>
        <message>
            <source>Hiding {author}'s message on {network} failed: {reason}</source>
            <translation>Ausblenden der Nachricht von {author} auf {network} fehlgeschlagen: {reason}</translation>
        </message>
        <message>
            <source>Reply failed: {reason}</source>
            <translation>Antwort fehlgeschlagen: {reason}</translation>
        </message>
        <message>
            <source>Reply held for review: {reason}</source>
            <translation>Antwort zur Prüfung zurückgehalten: {reason}</translation>
        </message>
        <message>
            <source>Reply published on {network}</source>
            <translation>Antwort auf {network} veröffentlicht</translation>
        </message>
        <message>
            <source>Routed: {routing}</source>
            <translation>Geroutet: {routing}</translation>
        </message>
        <message>
            <source>Showing {author}'s message again on {network} failed: {reason}</source>
            <translation>Wiedereinblenden der Nachricht von {author} auf {network} fehlgeschlagen: {reason}</translation>
        </message>
        <message>
            <source>Shown again on {network} by {actor}: {author}'s message</source>
            <translation>Auf {network} von {actor} wieder eingeblendet: Nachricht von {author}</translation>
        </message>
        <message>
            <source>The brand's reply appeared on {network}: “{text}”</source>
            <translation>Die Antwort der Marke erschien auf {network}: „{text}“</translation>
        </message>
        <message>
            <source>{actor} asked {holder} for the case</source>
            <translation>{actor} hat {holder} um den Fall gebeten</translation>
        </message>
        <message>
            <source>{actor} asked {holder} for the case: “{message}”</source>
            <translation>{actor} hat {holder} um den Fall gebeten: „{message}“</translation>
        </message>
        <message>
            <source>{actor} asked {network} to hide {author}'s message</source>
            <translation>{actor} hat {network} gebeten, die Nachricht von {author} auszublenden</translation>
        </message>
        <message>
            <source>{actor} asked {network} to show {author}'s message again</source>
            <translation>{actor} hat {network} gebeten, die Nachricht von {author} wieder einzublenden</translation>
        </message>
        <message>
            <source>{actor} assigned the case to {assignee}</source>
            <translation>{actor} hat den Fall {assignee} zugewiesen</translation>
        </message>
        <message>
            <source>{actor} assigned the case to {assignee} ({reason})</source>
            <translation>{actor} hat den Fall {assignee} zugewiesen ({reason})</translation>
        </message>
        <message>
            <source>{actor} claimed the case</source>
            <translation>{actor} hat den Fall übernommen</translation>
        </message>
        <message>
            <source>{actor} escalated the case: {reason}</source>
            <translation>{actor} hat den Fall eskaliert: {reason}</translation>
        </message>
        <message>
            <source>{actor} handed the case over to {holder}</source>
            <translation>{actor} hat den Fall an {holder} übergeben</translation>
        </message>
        <message>
            <source>{actor} kept the case; {requester} asked for it</source>
            <translation>{actor} hat den Fall behalten; {requester} hatte darum gebeten</translation>
        </message>
        <message>
            <source>{actor} noted: {text}</source>
            <translation>{actor} notierte: {text}</translation>
        </message>
        <message>
            <source>{actor} released the case</source>
            <translation>{actor} hat den Fall freigegeben</translation>
        </message>
        <message>
            <source>{actor} removed the tag “{tag}”</source>
            <translation>{actor} hat die Markierung „{tag}“ entfernt</translation>
        </message>
        <message>
            <source>{actor} renewed the claim</source>
            <translation>{actor} hat die Übernahme verlängert</translation>
        </message>
        <message>
            <source>{actor} reopened the case</source>
            <translation>{actor} hat den Fall wieder geöffnet</translation>
        </message>
        <message>
            <source>{actor} reopened the case: {reason}</source>
            <translation>{actor} hat den Fall wieder geöffnet: {reason}</translation>
        </message>
        <message>
            <source>{actor} resolved the case</source>
            <translation>{actor} hat den Fall abgeschlossen</translation>
        </message>
        <message>
            <source>{actor} resolved the case: {disposition}</source>
            <translation>{actor} hat den Fall abgeschlossen: {disposition}</translation>
        </message>
        <message>
            <source>{actor} sent a reply</source>
            <translation>{actor} hat eine Antwort gesendet</translation>
        </message>
        <message>
            <source>{actor} sent a reply, held for review</source>
            <translation>{actor} hat eine Antwort gesendet, zur Prüfung zurückgehalten</translation>
        </message>
        <message>
            <source>{actor} set the priority to {priority}</source>
            <translation>{actor} hat die Priorität auf {priority} gesetzt</translation>
        </message>
        <message>
            <source>{actor} snoozed the case until {until}</source>
            <translation>{actor} hat den Fall bis {until} zurückgestellt</translation>
        </message>
        <message>
            <source>{actor} tagged it “{tag}”</source>
            <translation>{actor} hat ihn mit „{tag}“ markiert</translation>
        </message>
        <message>
            <source>{actor} took the case</source>
            <translation>{actor} hat den Fall genommen</translation>
        </message>
        <message>
            <source>{actor} took the case out of snooze</source>
            <translation>{actor} hat den Fall aus der Zurückstellung geholt</translation>
        </message>
        <message>
            <source>{actor} took the case over from {previous}</source>
            <translation>{actor} hat den Fall von {previous} übernommen</translation>
        </message>
        <message>
            <source>{actor} unassigned the case</source>
            <translation>{actor} hat die Zuweisung des Falls aufgehoben</translation>
        </message>
        <message>
            <source>{actor} viewed the case</source>
            <translation>{actor} hat den Fall angesehen</translation>
        </message>
        <message>
            <source>{actor}: {type}</source>
            <translation>{actor}: {type}</translation>
        </message>
        <message>
            <source>{author} wrote: “{text}”</source>
            <translation>{author} schrieb: „{text}“</translation>
        </message>
    </context>
    <context>
        <name>CaseView</name>
        <message>
            <source>&amp;Conversation</source>
            <translation>&amp;Unterhaltung</translation>
        </message>
        <message>
            <source>&amp;Timeline</source>
            <translation>&amp;Zeitleiste</translation>
        </message>
        <message>
            <source>C&amp;ustomer</source>
            <translation>&amp;Kunde</translation>
        </message>
        <message>
            <source>Case</source>
            <translation>Fall</translation>
        </message>
        <message>
            <source>Case status</source>
            <translation>Fallstatus</translation>
        </message>
        <message>
            <source>Case timeline</source>
            <translation>Zeitleiste des Falls</translation>
        </message>
        <message>
            <source>Case views</source>
            <translation>Fallansichten</translation>
        </message>
        <message>
            <source>Conversation</source>
            <translation>Unterhaltung</translation>
        </message>
        <message>
            <source>Conversation (Ctrl+1)</source>
            <translation>Unterhaltung (Ctrl+1)</translation>
        </message>
        <message>
            <source>Customer (Ctrl+3)</source>
            <translation>Kunde (Ctrl+3)</translation>
        </message>
        <message>
            <source>Everything that happened to the case, oldest first</source>
            <translation>Alles, was mit dem Fall geschah, älteste zuerst</translation>
        </message>
        <message>
            <source>From</source>
            <translation>Von</translation>
        </message>
        <message>
            <source>No tags</source>
            <translation>Keine Markierungen</translation>
        </message>
        <message>
            <source>Select a case</source>
            <translation>Einen Fall auswählen</translation>
        </message>
        <message>
            <source>Sentiment after the answer</source>
            <translation>Stimmung nach der Antwort</translation>
        </message>
        <message>
            <source>Sentiment after the answer: {before:+.2f} → {after:+.2f} ({change:+.2f}, {verdict})</source>
            <translation>Stimmung nach der Antwort: {before:+.2f} → {after:+.2f} ({change:+.2f}, {verdict})</translation>
        </message>
        <message>
            <source>Sentiment {before:+.2f} · waiting for the customer after the answer</source>
            <translation>Stimmung {before:+.2f} · wartet nach der Antwort auf den Kunden</translation>
        </message>
        <message>
            <source>Service level</source>
            <translation>Servicelevel</translation>
        </message>
        <message>
            <source>Service level {policy}</source>
            <translation>Servicelevel {policy}</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Markierungen</translation>
        </message>
        <message>
            <source>Tags: {tags}</source>
            <translation>Markierungen: {tags}</translation>
        </message>
        <message>
            <source>Team and people on the case</source>
            <translation>Team und Personen am Fall</translation>
        </message>
        <message>
            <source>Team {team} · assigned to {assignee} · {claim}</source>
            <translation>Team {team} · zugewiesen an {assignee} · {claim}</translation>
        </message>
        <message>
            <source>The case's messages and replies, oldest first</source>
            <translation>Nachrichten und Antworten des Falls, älteste zuerst</translation>
        </message>
        <message>
            <source>This case is not in the local cache (yet).</source>
            <translation>Dieser Fall ist (noch) nicht im lokalen Cache.</translation>
        </message>
        <message>
            <source>Timeline (Ctrl+2)</source>
            <translation>Zeitleiste (Ctrl+2)</translation>
        </message>
        <message>
            <source>What</source>
            <translation>Was</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Wann</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>Wer</translation>
        </message>
        <message>
            <source>a workstation</source>
            <translation>ein Arbeitsplatz</translation>
        </message>
        <message>
            <source>about the same</source>
            <translation>etwa gleich</translation>
        </message>
        <message>
            <source>better</source>
            <translation>besser</translation>
        </message>
        <message>
            <source>claimed by {name} ({left} left)</source>
            <translation>übernommen von {name} (noch {left})</translation>
        </message>
        <message>
            <source>first response due {at}</source>
            <translation>Erstreaktion fällig {at}</translation>
        </message>
        <message>
            <source>first response {at}</source>
            <translation>Erstreaktion {at}</translation>
        </message>
        <message>
            <source>new</source>
            <translation>neu</translation>
        </message>
        <message>
            <source>nobody</source>
            <translation>niemand</translation>
        </message>
        <message>
            <source>none</source>
            <translation>keine</translation>
        </message>
        <message>
            <source>not claimed</source>
            <translation>nicht übernommen</translation>
        </message>
        <message>
            <source>open</source>
            <translation>offen</translation>
        </message>
        <message>
            <source>opened {at}</source>
            <translation>eröffnet {at}</translation>
        </message>
        <message>
            <source>overdue</source>
            <translation>überfällig</translation>
        </message>
        <message>
            <source>pending (waiting for the customer)</source>
            <translation>wartend (auf den Kunden)</translation>
        </message>
        <message>
            <source>reopened {n}×</source>
            <translation>{n}× wieder geöffnet</translation>
        </message>
        <message>
            <source>resolution due {at}</source>
            <translation>Lösung fällig {at}</translation>
        </message>
        <message>
            <source>resolved</source>
            <translation>abgeschlossen</translation>
        </message>
        <message>
            <source>resolved {at}</source>
            <translation>abgeschlossen {at}</translation>
        </message>
        <message>
            <source>the hub</source>
            <translation>der Hub</translation>
        </message>
        <message>
            <source>the network</source>
            <translation>das Netzwerk</translation>
        </message>
        <message>
            <source>this workstation</source>
            <translation>dieser Arbeitsplatz</translation>
        </message>
        <message>
            <source>worse</source>
            <translation>schlechter</translation>
        </message>
        <message>
            <source>{count} followers</source>
            <translation>{count} Follower</translation>
        </message>
        <message>
            <source>{network} &lt;b&gt;{account}&lt;/b&gt; · {status} · priority {priority}</source>
            <translation>{network} &lt;b&gt;{account}&lt;/b&gt; · {status} · Priorität {priority}</translation>
        </message>
    </context>
    <context>
        <name>CaseWork</name>
        <message>
            <source>&amp;Hand off…</source>
            <translation>Über&amp;geben…</translation>
        </message>
        <message>
            <source>&amp;Note…</source>
            <translation>&amp;Notiz…</translation>
        </message>
        <message>
            <source>H&amp;ide on {network}</source>
            <translation>Auf {network} aus&amp;blenden</translation>
        </message>
        <message>
            <source>Handed to {team} · Queue › My hand-offs follows it</source>
            <translation>An {team} übergeben · Warteschlange › Meine Übergaben verfolgt ihn</translation>
        </message>
        <message>
            <source>Hiding on {network}…</source>
            <translation>Wird auf {network} ausgeblendet…</translation>
        </message>
        <message>
            <source>Note added</source>
            <translation>Notiz hinzugefügt</translation>
        </message>
        <message>
            <source>Only a resolved case can be reopened</source>
            <translation>Nur ein abgeschlossener Fall kann wieder geöffnet werden</translation>
        </message>
        <message>
            <source>Re&amp;open</source>
            <translation>&amp;Wieder öffnen</translation>
        </message>
        <message>
            <source>Reopen requested</source>
            <translation>Wiederöffnen angefordert</translation>
        </message>
        <message>
            <source>Resol&amp;ve…</source>
            <translation>&amp;Abschließen…</translation>
        </message>
        <message>
            <source>Resolved: {label}</source>
            <translation>Abgeschlossen: {label}</translation>
        </message>
        <message>
            <source>Select a customer's message first</source>
            <translation>Wählen Sie zuerst eine Kundennachricht</translation>
        </message>
        <message>
            <source>Showing again on {network}…</source>
            <translation>Wird auf {network} wieder angezeigt…</translation>
        </message>
        <message>
            <source>Snoo&amp;ze…</source>
            <translation>&amp;Zurückstellen…</translation>
        </message>
        <message>
            <source>Snoozed</source>
            <translation>Zurückgestellt</translation>
        </message>
        <message>
            <source>Unhi&amp;de on {network}</source>
            <translation>Auf {network} wieder ein&amp;blenden</translation>
        </message>
        <message>
            <source>Woken</source>
            <translation>Geweckt</translation>
        </message>
        <message>
            <source>the network</source>
            <translation>das Netzwerk</translation>
        </message>
    </context>
    <context>
        <name>CertificateBox</name>
        <message>
            <source>Certificate</source>
            <translation>Zertifikat</translation>
        </message>
        <message>
            <source>Issued by</source>
            <translation>Ausgestellt von</translation>
        </message>
        <message>
            <source>Issued to</source>
            <translation>Ausgestellt für</translation>
        </message>
        <message>
            <source>SHA-256</source>
            <translation>SHA-256</translation>
        </message>
        <message>
            <source>Valid</source>
            <translation>Gültig</translation>
        </message>
        <message>
            <source>{start} to {end} (UTC)</source>
            <translation>{start} bis {end} (UTC)</translation>
        </message>
    </context>
    <context>
        <name>ChannelHealthDialog</name>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Aktualisieren</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Konto</translation>
        </message>
        <message>
            <source>Channel health</source>
            <translation>Kanalzustand</translation>
        </message>
        <message>
            <source>Channels</source>
            <translation>Kanäle</translation>
        </message>
        <message>
            <source>Each account's health; an account folds out into its streams</source>
            <translation>Der Zustand jedes Kontos; ein Konto klappt in seine Streams auf</translation>
        </message>
        <message>
            <source>Failures</source>
            <translation>Fehlschläge</translation>
        </message>
        <message>
            <source>Last error</source>
            <translation>Letzter Fehler</translation>
        </message>
        <message>
            <source>Last fetch</source>
            <translation>Letzter Abruf</translation>
        </message>
        <message>
            <source>Network</source>
            <translation>Netzwerk</translation>
        </message>
        <message>
            <source>Next poll</source>
            <translation>Nächste Abfrage</translation>
        </message>
        <message>
            <source>No brand accounts on the hub yet.</source>
            <translation>Noch keine Markenkonten auf dem Hub.</translation>
        </message>
        <message>
            <source>Quarantined 24 h</source>
            <translation>24 h in Quarantäne</translation>
        </message>
        <message>
            <source>State</source>
            <translation>Zustand</translation>
        </message>
        <message>
            <source>{n} accounts, {bad} needing attention</source>
            <translation>{n} Konten, {bad} brauchen Aufmerksamkeit</translation>
        </message>
    </context>
    <context>
        <name>ClaimBar</name>
        <message>
            <source>Ask {name} again</source>
            <translation>{name} erneut fragen</translation>
        </message>
        <message>
            <source>Ask {name} for it</source>
            <translation>{name} darum bitten</translation>
        </message>
        <message>
            <source>Claim actions</source>
            <translation>Übernahme-Aktionen</translation>
        </message>
        <message>
            <source>Hand over</source>
            <translation>Übergeben</translation>
        </message>
        <message>
            <source>Hand the case over to {name}</source>
            <translation>Den Fall an {name} übergeben</translation>
        </message>
        <message>
            <source>Keep it</source>
            <translation>Behalten</translation>
        </message>
        <message>
            <source>Keep the case, decline {name}</source>
            <translation>Fall behalten, {name} ablehnen</translation>
        </message>
        <message>
            <source>Sends a request; they hand the case over or keep it</source>
            <translation>Sendet eine Anfrage; der Fall wird übergeben oder behalten</translation>
        </message>
        <message>
            <source>Take over</source>
            <translation>An sich ziehen</translation>
        </message>
        <message>
            <source>Takes the claim from {name} now</source>
            <translation>Übernimmt den Fall jetzt von {name}</translation>
        </message>
        <message>
            <source>You asked {age} ago · waiting for {name}</source>
            <translation>Vor {age} angefragt · wartet auf {name}</translation>
        </message>
        <message>
            <source>{name} asks for this case{said}</source>
            <translation>{name} bittet um diesen Fall{said}</translation>
        </message>
    </context>
    <context>
        <name>Composer</name>
        <message>
            <source>Canned…</source>
            <translation>Textbausteine…</translation>
        </message>
        <message>
            <source>Claim the case first (C): a reply goes out under your claim.</source>
            <translation>Übernehmen Sie den Fall zuerst (C): Eine Antwort geht unter Ihrer Übernahme hinaus.</translation>
        </message>
        <message>
            <source>Composer message</source>
            <translation>Meldung des Antworteditors</translation>
        </message>
        <message>
            <source>Insert a canned response</source>
            <translation>Einen Textbaustein einfügen</translation>
        </message>
        <message>
            <source>Insert a canned response (Ctrl+Space)</source>
            <translation>Einen Textbaustein einfügen (Ctrl+Space)</translation>
        </message>
        <message>
            <source>Length of the reply</source>
            <translation>Länge der Antwort</translation>
        </message>
        <message>
            <source>Not sent. Your reply is back in the editor.</source>
            <translation>Nicht gesendet. Ihre Antwort ist wieder im Editor.</translation>
        </message>
        <message>
            <source>Not sent: check the customer's identities first.</source>
            <translation>Nicht gesendet: Prüfen Sie zuerst die Identitäten des Kunden.</translation>
        </message>
        <message>
            <source>Private message</source>
            <translation>Private Nachricht</translation>
        </message>
        <message>
            <source>Removed {n} invisible control character(s) that networks refuse.</source>
            <translation>{n} unsichtbare(s) Steuerzeichen entfernt, das/die Netzwerke ablehnen.</translation>
        </message>
        <message>
            <source>Reply as</source>
            <translation>Antworten als</translation>
        </message>
        <message>
            <source>Reply composer</source>
            <translation>Antworteditor</translation>
        </message>
        <message>
            <source>Reply text</source>
            <translation>Antworttext</translation>
        </message>
        <message>
            <source>Reply to a recently linked customer?</source>
            <translation>Einem kürzlich verknüpften Kunden antworten?</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Senden</translation>
        </message>
        <message>
            <source>Send as a private message</source>
            <translation>Als private Nachricht senden</translation>
        </message>
        <message>
            <source>Send the reply</source>
            <translation>Die Antwort senden</translation>
        </message>
        <message>
            <source>Send the reply (Ctrl+Enter)</source>
            <translation>Die Antwort senden (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Send the reply anyway?</source>
            <translation>Die Antwort trotzdem senden?</translation>
        </message>
        <message>
            <source>The brand account the reply comes from</source>
            <translation>Das Markenkonto, von dem die Antwort kommt</translation>
        </message>
        <message>
            <source>Write a reply…  Ctrl+Space: canned responses · Ctrl+Enter: send</source>
            <translation>Antwort schreiben…  Ctrl+Space: Textbausteine · Ctrl+Enter: senden</translation>
        </message>
        <message>
            <source>{message} — shorten it to send</source>
            <translation>{message} — zum Senden kürzen</translation>
        </message>
        <message>
            <source>{network} can only be answered in public</source>
            <translation>Auf {network} kann nur öffentlich geantwortet werden</translation>
        </message>
        <message>
            <source>{used:,} characters: a reply stops at {cap:,} — shorten it to send</source>
            <translation>{used:,} Zeichen: eine Antwort endet bei {cap:,} — zum Senden kürzen</translation>
        </message>
    </context>
    <context>
        <name>ConnectionPage</name>
        <message>
            <source>Connected: a Horseshoe hub, version {version}, answered in {ms} ms.</source>
            <translation>Verbunden: ein Horseshoe-Hub, Version {version}, hat in {ms} ms geantwortet.</translation>
        </message>
        <message>
            <source>Connecting to {hub}…</source>
            <translation>Verbinde mit {hub}…</translation>
        </message>
        <message>
            <source>Connection test</source>
            <translation>Verbindungstest</translation>
        </message>
        <message>
            <source>Horseshoe asks the hub for its version.</source>
            <translation>Horseshoe fragt den Hub nach seiner Version.</translation>
        </message>
        <message>
            <source>Test &amp;again</source>
            <translation>Erneut &amp;testen</translation>
        </message>
    </context>
    <context>
        <name>CrashDialog</name>
        <message>
            <source>Continue</source>
            <translation>Weiter</translation>
        </message>
        <message>
            <source>Copy details</source>
            <translation>Details kopieren</translation>
        </message>
        <message>
            <source>Error details</source>
            <translation>Fehlerdetails</translation>
        </message>
        <message>
            <source>Hide details</source>
            <translation>Details ausblenden</translation>
        </message>
        <message>
            <source>Horseshoe — something went wrong</source>
            <translation>Horseshoe — etwas ist schiefgegangen</translation>
        </message>
        <message>
            <source>Log file location</source>
            <translation>Speicherort der Protokolldatei</translation>
        </message>
        <message>
            <source>No log file could be written; copy the details instead.</source>
            <translation>Es konnte keine Protokolldatei geschrieben werden; kopieren Sie stattdessen die Details.</translation>
        </message>
        <message>
            <source>Open log folder</source>
            <translation>Protokollordner öffnen</translation>
        </message>
        <message>
            <source>Quit Horseshoe</source>
            <translation>Horseshoe beenden</translation>
        </message>
        <message>
            <source>Show details</source>
            <translation>Details anzeigen</translation>
        </message>
        <message>
            <source>Something went wrong in Horseshoe.</source>
            <translation>In Horseshoe ist etwas schiefgegangen.</translation>
        </message>
        <message>
            <source>The details are in the log file:</source>
            <translation>Die Details stehen in der Protokolldatei:</translation>
        </message>
        <message>
            <source>This happened {n} more time(s).</source>
            <translation>Das geschah noch {n}-mal.</translation>
        </message>
        <message>
            <source>What happened: {summary}</source>
            <translation>Was geschah: {summary}</translation>
        </message>
        <message>
            <source>Your work is kept: replies and case changes are saved locally before they are sent. You can carry on; if the desk behaves oddly, quit and start Horseshoe again.</source>
            <translation>Ihre Arbeit bleibt erhalten: Antworten und Falländerungen werden vor dem Senden lokal gespeichert. Sie können weiterarbeiten; verhält sich der Arbeitsplatz seltsam, beenden Sie Horseshoe und starten Sie es neu.</translation>
        </message>
        <message>
            <source>{n} other error(s) since; they are in the log.</source>
            <translation>Seitdem {n} weitere(r) Fehler; sie stehen im Protokoll.</translation>
        </message>
    </context>
    <context>
        <name>CustomerPanel</name>
        <message>
            <source>A note every colleague will see on this customer</source>
            <translation>Eine Notiz, die alle Kollegen bei diesem Kunden sehen</translation>
        </message>
        <message>
            <source>A note kept with the customer for every agent</source>
            <translation>Eine Notiz beim Kunden für alle Agenten</translation>
        </message>
        <message>
            <source>Add note</source>
            <translation>Notiz hinzufügen</translation>
        </message>
        <message>
            <source>Add the note</source>
            <translation>Die Notiz hinzufügen</translation>
        </message>
        <message>
            <source>Case of {when}, {status}, sentiment {sentiment:+.2f}</source>
            <translation>Fall vom {when}, {status}, Stimmung {sentiment:+.2f}</translation>
        </message>
        <message>
            <source>Confirm link</source>
            <translation>Verknüpfung bestätigen</translation>
        </message>
        <message>
            <source>Customer details</source>
            <translation>Kundendetails</translation>
        </message>
        <message>
            <source>Customer profile</source>
            <translation>Kundenprofil</translation>
        </message>
        <message>
            <source>Customer tier</source>
            <translation>Kundenstufe</translation>
        </message>
        <message>
            <source>Customer {name}</source>
            <translation>Kunde {name}</translation>
        </message>
        <message>
            <source>Dismiss</source>
            <translation>Verwerfen</translation>
        </message>
        <message>
            <source>Identities</source>
            <translation>Identitäten</translation>
        </message>
        <message>
            <source>Identities, past cases, notes and history; the arrows scroll</source>
            <translation>Identitäten, frühere Fälle, Notizen und Verlauf; die Pfeiltasten blättern</translation>
        </message>
        <message>
            <source>Link history</source>
            <translation>Verknüpfungsverlauf</translation>
        </message>
        <message>
            <source>Link {name} into this customer</source>
            <translation>{name} mit diesem Kunden verknüpfen</translation>
        </message>
        <message>
            <source>New note about the customer</source>
            <translation>Neue Notiz zum Kunden</translation>
        </message>
        <message>
            <source>No customer profile for this case yet.</source>
            <translation>Noch kein Kundenprofil für diesen Fall.</translation>
        </message>
        <message>
            <source>No links or changes yet.</source>
            <translation>Noch keine Verknüpfungen oder Änderungen.</translation>
        </message>
        <message>
            <source>No notes yet.</source>
            <translation>Noch keine Notizen.</translation>
        </message>
        <message>
            <source>Not the same person: dismiss {name}</source>
            <translation>Nicht dieselbe Person: {name} verwerfen</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>Notizen</translation>
        </message>
        <message>
            <source>Past cases ({count}) · sentiment {trend}</source>
            <translation>Frühere Fälle ({count}) · Stimmung {trend}</translation>
        </message>
        <message>
            <source>Recently merged</source>
            <translation>Kürzlich zusammengeführt</translation>
        </message>
        <message>
            <source>Sent to the hub: the profile shows it once the hub has applied it.</source>
            <translation>An den Hub gesendet: Das Profil zeigt es, sobald der Hub es übernommen hat.</translation>
        </message>
        <message>
            <source>Sentiment across the customer's cases</source>
            <translation>Stimmung über die Fälle des Kunden</translation>
        </message>
        <message>
            <source>Split this identity off into a customer of its own</source>
            <translation>Diese Identität als eigenen Kunden abtrennen</translation>
        </message>
        <message>
            <source>Split {handle} off from {name}? It goes back to the customer it was merged from, or becomes a customer of its own. The link history keeps both steps.</source>
            <translation>{handle} von {name} abtrennen? Die Identität geht an den Kunden zurück, aus dem sie zusammengeführt wurde, oder wird ein eigener Kunde. Der Verknüpfungsverlauf behält beide Schritte.</translation>
        </message>
        <message>
            <source>Suggested link to {name}</source>
            <translation>Vorgeschlagene Verknüpfung mit {name}</translation>
        </message>
        <message>
            <source>Suggested links</source>
            <translation>Vorgeschlagene Verknüpfungen</translation>
        </message>
        <message>
            <source>The customer's tier, shared with the team</source>
            <translation>Die Kundenstufe, mit dem Team geteilt</translation>
        </message>
        <message>
            <source>Tier</source>
            <translation>Stufe</translation>
        </message>
        <message>
            <source>Unlink identity</source>
            <translation>Identität trennen</translation>
        </message>
        <message>
            <source>Unlink {handle}</source>
            <translation>{handle} trennen</translation>
        </message>
        <message>
            <source>Unlink…</source>
            <translation>Trennen…</translation>
        </message>
        <message>
            <source>improving</source>
            <translation>bessert sich</translation>
        </message>
        <message>
            <source>linked by {who}, {age} ago</source>
            <translation>verknüpft von {who}, vor {age}</translation>
        </message>
        <message>
            <source>score {score}</source>
            <translation>Wert {score}</translation>
        </message>
        <message>
            <source>steady</source>
            <translation>gleichbleibend</translation>
        </message>
        <message>
            <source>too few cases for a trend</source>
            <translation>zu wenige Fälle für einen Trend</translation>
        </message>
        <message>
            <source>worsening</source>
            <translation>verschlechtert sich</translation>
        </message>
        <message>
            <source>{handle} on {network}</source>
            <translation>{handle} auf {network}</translation>
        </message>
    </context>
    <context>
        <name>CustomerWords</name>
        <message>
            <source> and </source>
            <translation> und </translation>
        </message>
        <message>
            <source>Gold</source>
            <translation>Gold</translation>
        </message>
        <message>
            <source>Premium</source>
            <translation>Premium</translation>
        </message>
        <message>
            <source>Standard</source>
            <translation>Standard</translation>
        </message>
        <message>
            <source>VIP</source>
            <translation>VIP</translation>
        </message>
        <message>
            <source>new</source>
            <translation>neu</translation>
        </message>
        <message>
            <source>open</source>
            <translation>offen</translation>
        </message>
        <message>
            <source>pending</source>
            <translation>wartend</translation>
        </message>
        <message>
            <source>resolved</source>
            <translation>abgeschlossen</translation>
        </message>
        <message>
            <source>the CRM id</source>
            <translation>die CRM-ID</translation>
        </message>
        <message>
            <source>the e-mail address</source>
            <translation>die E-Mail-Adresse</translation>
        </message>
        <message>
            <source>{who} changed the tier from {before} to {after}</source>
            <translation>{who} hat die Stufe von {before} auf {after} geändert</translation>
        </message>
        <message>
            <source>{who} changed {fields}</source>
            <translation>{who} hat {fields} geändert</translation>
        </message>
        <message>
            <source>{who} dismissed a suggested link</source>
            <translation>{who} hat eine vorgeschlagene Verknüpfung verworfen</translation>
        </message>
        <message>
            <source>{who} linked {handles}</source>
            <translation>{who} hat {handles} verknüpft</translation>
        </message>
        <message>
            <source>{who} merged this customer into another ({handles})</source>
            <translation>{who} hat diesen Kunden mit einem anderen zusammengeführt ({handles})</translation>
        </message>
        <message>
            <source>{who} restored {handle} from a merge</source>
            <translation>{who} hat {handle} aus einer Zusammenführung wiederhergestellt</translation>
        </message>
        <message>
            <source>{who} split {handle} off into this customer</source>
            <translation>{who} hat {handle} in diesen Kunden abgetrennt</translation>
        </message>
        <message>
            <source>{who} unlinked {handle}</source>
            <translation>{who} hat {handle} getrennt</translation>
        </message>
    </context>
    <context>
        <name>DayCharts</name>
        <message>
            <source>First response time per hour (median, minutes)</source>
            <translation>Erstreaktionszeit pro Stunde (Median, Minuten)</translation>
        </message>
        <message>
            <source>Mean customer sentiment per hour (−1 to 1)</source>
            <translation>Mittlere Kundenstimmung pro Stunde (−1 bis 1)</translation>
        </message>
        <message>
            <source>Mentions per hour</source>
            <translation>Erwähnungen pro Stunde</translation>
        </message>
    </context>
    <context>
        <name>Errors</name>
        <message>
            <source>A hub address has no ? or # part.</source>
            <translation>Eine Hub-Adresse hat keinen ?- oder #-Teil.</translation>
        </message>
        <message>
            <source>A hub speaks https or http, not {scheme}.</source>
            <translation>Ein Hub spricht https oder http, nicht {scheme}.</translation>
        </message>
        <message>
            <source>A note needs some text</source>
            <translation>Eine Notiz braucht etwas Text</translation>
        </message>
        <message>
            <source>Broadcasting a note is not available on this desk.</source>
            <translation>Rundnotizen sind an diesem Arbeitsplatz nicht verfügbar.</translation>
        </message>
        <message>
            <source>Cannot send the note: {problem}.</source>
            <translation>Die Notiz kann nicht gesendet werden: {problem}.</translation>
        </message>
        <message>
            <source>Case {case_id} is not in this desk's cache, so it has no report.</source>
            <translation>Fall {case_id} ist nicht im Cache dieses Arbeitsplatzes und hat daher keinen Bericht.</translation>
        </message>
        <message>
            <source>Claim the case first (C): a reply goes out under your claim.</source>
            <translation>Übernehmen Sie den Fall zuerst (C): Eine Antwort geht unter Ihrer Übernahme hinaus.</translation>
        </message>
        <message>
            <source>Enter the hub's address, such as https://hub.example.com.</source>
            <translation>Geben Sie die Adresse des Hubs ein, etwa https://hub.example.com.</translation>
        </message>
        <message>
            <source>Enter your username and password.</source>
            <translation>Geben Sie Benutzernamen und Passwort ein.</translation>
        </message>
        <message>
            <source>Not saved as a draft: over {max_text:,} characters.</source>
            <translation>Nicht als Entwurf gespeichert: über {max_text:,} Zeichen.</translation>
        </message>
        <message>
            <source>Offline: {error}. A status is set on the hub, live.</source>
            <translation>Offline: {error}. Ein Status wird live auf dem Hub gesetzt.</translation>
        </message>
        <message>
            <source>Offline: {error}. Channel health comes from the hub.</source>
            <translation>Offline: {error}. Der Kanalzustand kommt vom Hub.</translation>
        </message>
        <message>
            <source>Reassigning needs a signed-in desk.</source>
            <translation>Neu zuweisen braucht einen angemeldeten Arbeitsplatz.</translation>
        </message>
        <message>
            <source>Setting an agent's status is not available on this desk.</source>
            <translation>Den Status eines Agenten zu setzen ist an diesem Arbeitsplatz nicht verfügbar.</translation>
        </message>
        <message>
            <source>Sign in to see channel health ({error}).</source>
            <translation>Melden Sie sich an, um den Kanalzustand zu sehen ({error}).</translation>
        </message>
        <message>
            <source>Sign in to set a colleague's status ({error}).</source>
            <translation>Melden Sie sich an, um den Status eines Kollegen zu setzen ({error}).</translation>
        </message>
        <message>
            <source>Sign in to the hub first ({error})</source>
            <translation>Melden Sie sich zuerst beim Hub an ({error})</translation>
        </message>
        <message>
            <source>Sign in to the hub first: Get next needs to know who you are.</source>
            <translation>Melden Sie sich zuerst beim Hub an: „Nächsten holen“ muss wissen, wer Sie sind.</translation>
        </message>
        <message>
            <source>Sign in to the hub first: this action needs to know who you are.</source>
            <translation>Melden Sie sich zuerst beim Hub an: Diese Aktion muss wissen, wer Sie sind.</translation>
        </message>
        <message>
            <source>Something answers at {url}, but it is not a Horseshoe hub. Check the address (a path after the host name, perhaps?).</source>
            <translation>Unter {url} antwortet etwas, aber es ist kein Horseshoe-Hub. Prüfen Sie die Adresse (vielleicht ein Pfad nach dem Hostnamen?).</translation>
        </message>
        <message>
            <source>Start the address with https:// (or http:// for a hub on this computer).</source>
            <translation>Beginnen Sie die Adresse mit https:// (oder http:// für einen Hub auf diesem Computer).</translation>
        </message>
        <message>
            <source>Taking over needs a signed-in desk.</source>
            <translation>An sich ziehen braucht einen angemeldeten Arbeitsplatz.</translation>
        </message>
        <message>
            <source>That file cannot be used: {error}.</source>
            <translation>Diese Datei ist nicht verwendbar: {error}.</translation>
        </message>
        <message>
            <source>The CA file {source} cannot be read: {error}</source>
            <translation>Die CA-Datei {source} kann nicht gelesen werden: {error}</translation>
        </message>
        <message>
            <source>The CSV could not be written to {path}: {reason}</source>
            <translation>Die CSV-Datei konnte nicht nach {path} geschrieben werden: {reason}</translation>
        </message>
        <message>
            <source>The address has no host name.</source>
            <translation>Die Adresse hat keinen Hostnamen.</translation>
        </message>
        <message>
            <source>The case could not be read from the cache: {error}</source>
            <translation>Der Fall konnte nicht aus dem Cache gelesen werden: {error}</translation>
        </message>
        <message>
            <source>The case is not in the local cache</source>
            <translation>Der Fall ist nicht im lokalen Cache</translation>
        </message>
        <message>
            <source>The export could not be written to {path}: {reason}. Nothing was saved there.</source>
            <translation>Der Export konnte nicht nach {path} geschrieben werden: {reason}. Dort wurde nichts gespeichert.</translation>
        </message>
        <message>
            <source>The floor could not be read from the cache: {error}</source>
            <translation>Der Leitstand konnte nicht aus dem Cache gelesen werden: {error}</translation>
        </message>
        <message>
            <source>The hub answered with an error: {error}</source>
            <translation>Der Hub hat mit einem Fehler geantwortet: {error}</translation>
        </message>
        <message>
            <source>The hub cannot be reached ({error}). Try again when you are online.</source>
            <translation>Der Hub ist nicht erreichbar ({error}). Versuchen Sie es erneut, wenn Sie online sind.</translation>
        </message>
        <message>
            <source>The hub cannot be reached ({error}). What was downloaded so far stays; download again to go on.</source>
            <translation>Der Hub ist nicht erreichbar ({error}). Was bisher heruntergeladen wurde, bleibt; laden Sie erneut herunter, um fortzufahren.</translation>
        </message>
        <message>
            <source>The hub could not send the history: {error}</source>
            <translation>Der Hub konnte den Verlauf nicht senden: {error}</translation>
        </message>
        <message>
            <source>The hub did not give channel health: {error}</source>
            <translation>Der Hub hat keinen Kanalzustand geliefert: {error}</translation>
        </message>
        <message>
            <source>The hub did not set the status: {error}</source>
            <translation>Der Hub hat den Status nicht gesetzt: {error}</translation>
        </message>
        <message>
            <source>The hub refused the sign-in: {error}</source>
            <translation>Der Hub hat die Anmeldung abgelehnt: {error}</translation>
        </message>
        <message>
            <source>The hub refused: {error}.</source>
            <translation>Der Hub hat abgelehnt: {error}.</translation>
        </message>
        <message>
            <source>The hub sent history this workstation cannot store: {error}</source>
            <translation>Der Hub hat einen Verlauf gesendet, den dieser Arbeitsplatz nicht speichern kann: {error}</translation>
        </message>
        <message>
            <source>The hub's channel health is malformed: {error!r}</source>
            <translation>Der Kanalzustand des Hubs ist fehlerhaft: {error!r}</translation>
        </message>
        <message>
            <source>The hub's history kept falling behind this workstation; try again in a moment</source>
            <translation>Der Verlauf des Hubs blieb immer wieder hinter diesem Arbeitsplatz zurück; versuchen Sie es gleich noch einmal</translation>
        </message>
        <message>
            <source>The keyring did not delete the secret for {account}: {error}</source>
            <translation>Der Schlüsselbund hat das Geheimnis für {account} nicht gelöscht: {error}</translation>
        </message>
        <message>
            <source>The keyring did not give the secret for {account}: {error}</source>
            <translation>Der Schlüsselbund hat das Geheimnis für {account} nicht herausgegeben: {error}</translation>
        </message>
        <message>
            <source>The keyring did not store the secret for {account}: {error}</source>
            <translation>Der Schlüsselbund hat das Geheimnis für {account} nicht gespeichert: {error}</translation>
        </message>
        <message>
            <source>The name {host} cannot be found (DNS). Check the spelling, or your network.</source>
            <translation>Der Name {host} wurde nicht gefunden (DNS). Prüfen Sie die Schreibweise oder Ihr Netzwerk.</translation>
        </message>
        <message>
            <source>The note is empty.</source>
            <translation>Die Notiz ist leer.</translation>
        </message>
        <message>
            <source>The range ends before it starts</source>
            <translation>Der Zeitraum endet, bevor er beginnt</translation>
        </message>
        <message>
            <source>The report could not be written to {path}: {reason}</source>
            <translation>Der Bericht konnte nicht nach {path} geschrieben werden: {reason}</translation>
        </message>
        <message>
            <source>The secure (TLS) connection to {host} (port {port}) failed: {error}</source>
            <translation>Die sichere (TLS-)Verbindung zu {host} (Port {port}) ist fehlgeschlagen: {error}</translation>
        </message>
        <message>
            <source>The session is not at an action</source>
            <translation>Die Sitzung steht an keiner Aktion</translation>
        </message>
        <message>
            <source>The session is not at an escalation</source>
            <translation>Die Sitzung steht an keiner Eskalation</translation>
        </message>
        <message>
            <source>The sign-in failed: {error}</source>
            <translation>Die Anmeldung ist fehlgeschlagen: {error}</translation>
        </message>
        <message>
            <source>The step was not recorded: {refused}</source>
            <translation>Der Schritt wurde nicht erfasst: {refused}</translation>
        </message>
        <message>
            <source>This console cannot do “{action}”; do it by hand</source>
            <translation>Diese Konsole kann „{action}“ nicht ausführen; bitte von Hand erledigen</translation>
        </message>
        <message>
            <source>This is not a usable address: {error}.</source>
            <translation>Das ist keine verwendbare Adresse: {error}.</translation>
        </message>
        <message>
            <source>This reply is {length:,} characters; a reply stops at {cap:,}. Shorten it to send — nothing was cut.</source>
            <translation>Diese Antwort hat {length:,} Zeichen; eine Antwort endet bei {cap:,}. Zum Senden kürzen — es wurde nichts abgeschnitten.</translation>
        </message>
        <message>
            <source>Tree {tree_id}@{version} cannot be read: {first}</source>
            <translation>Baum {tree_id}@{version} kann nicht gelesen werden: {first}</translation>
        </message>
        <message>
            <source>Tree {tree_id}@{version} is not in the local cache</source>
            <translation>Baum {tree_id}@{version} ist nicht im lokalen Cache</translation>
        </message>
        <message>
            <source>Write a reply first: there is nothing to send.</source>
            <translation>Schreiben Sie zuerst eine Antwort: Es gibt nichts zu senden.</translation>
        </message>
        <message>
            <source>{error}. What was downloaded before stays; free some disk space and go on.</source>
            <translation>{error}. Was vorher heruntergeladen wurde, bleibt; geben Sie Speicherplatz frei und fahren Sie fort.</translation>
        </message>
        <message>
            <source>{host} (port {port}) cannot be reached: {error}</source>
            <translation>{host} (Port {port}) ist nicht erreichbar: {error}</translation>
        </message>
        <message>
            <source>{host} (port {port}) did not answer in time. A firewall may block it, or the hub is down.</source>
            <translation>{host} (Port {port}) hat nicht rechtzeitig geantwortet. Eine Firewall blockiert vielleicht, oder der Hub ist ausgefallen.</translation>
        </message>
        <message>
            <source>{host} (port {port}) refused the connection: nothing listens there. Check the port, or whether the hub runs.</source>
            <translation>{host} (Port {port}) hat die Verbindung abgelehnt: Dort lauscht nichts. Prüfen Sie den Port oder ob der Hub läuft.</translation>
        </message>
        <message>
            <source>{status} is not a desk status (available, busy or away).</source>
            <translation>{status} ist kein Arbeitsplatzstatus (verfügbar, beschäftigt oder abwesend).</translation>
        </message>
        <message>
            <source>{status} is not a desk status: choose available, busy or away</source>
            <translation>{status} ist kein Arbeitsplatzstatus: wählen Sie verfügbar, beschäftigt oder abwesend</translation>
        </message>
        <message>
            <source>“{value}” is no priority</source>
            <translation>„{value}“ ist keine Priorität</translation>
        </message>
    </context>
    <context>
        <name>EscalationDialog</name>
        <message>
            <source>&amp;Hand off</source>
            <translation>Über&amp;geben</translation>
        </message>
        <message>
            <source>&amp;Notify</source>
            <translation>&amp;Benachrichtigen</translation>
        </message>
        <message>
            <source>&amp;Reason:</source>
            <translation>&amp;Grund:</translation>
        </message>
        <message>
            <source>Hand off to {team}</source>
            <translation>An {team} übergeben</translation>
        </message>
        <message>
            <source>Reason for the escalation</source>
            <translation>Grund der Eskalation</translation>
        </message>
        <message>
            <source>Say why in at least {n} characters: the team starts from it.</source>
            <translation>Begründen Sie in mindestens {n} Zeichen: Das Team setzt dort an.</translation>
        </message>
        <message>
            <source>Tell {team}</source>
            <translation>{team} informieren</translation>
        </message>
        <message>
            <source>The guidance hands this case off to {team}. They read the reason first.</source>
            <translation>Der Leitfaden übergibt diesen Fall an {team}. Dort wird zuerst der Grund gelesen.</translation>
        </message>
        <message>
            <source>The guidance tells {team} about this case; it stays with you.</source>
            <translation>Der Leitfaden informiert {team} über diesen Fall; er bleibt bei Ihnen.</translation>
        </message>
        <message>
            <source>Why the case is escalated; the team reads it first</source>
            <translation>Warum der Fall eskaliert wird; das Team liest es zuerst</translation>
        </message>
    </context>
    <context>
        <name>FilterBar</name>
        <message>
            <source>A saved set of filters and sort for the queue</source>
            <translation>Eine gespeicherte Auswahl von Filtern und Sortierung für die Warteschlange</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Konto</translation>
        </message>
        <message>
            <source>All mentions</source>
            <translation>Alle Erwähnungen</translation>
        </message>
        <message>
            <source>Any time</source>
            <translation>Jederzeit</translation>
        </message>
        <message>
            <source>Assignee</source>
            <translation>Zuständig</translation>
        </message>
        <message>
            <source>At risk</source>
            <translation>Gefährdet</translation>
        </message>
        <message>
            <source>Breached</source>
            <translation>Überschritten</translation>
        </message>
        <message>
            <source>Complaint</source>
            <translation>Beschwerde</translation>
        </message>
        <message>
            <source>Crisis</source>
            <translation>Krise</translation>
        </message>
        <message>
            <source>Date filter</source>
            <translation>Datumsfilter</translation>
        </message>
        <message>
            <source>Delete this view</source>
            <translation>Diese Ansicht löschen</translation>
        </message>
        <message>
            <source>Intent</source>
            <translation>Absicht</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Sprache</translation>
        </message>
        <message>
            <source>Last 24 hours</source>
            <translation>Letzte 24 Stunden</translation>
        </message>
        <message>
            <source>Last 7 days</source>
            <translation>Letzte 7 Tage</translation>
        </message>
        <message>
            <source>Last hour</source>
            <translation>Letzte Stunde</translation>
        </message>
        <message>
            <source>Lead</source>
            <translation>Verkaufschance</translation>
        </message>
        <message>
            <source>Me</source>
            <translation>Ich</translation>
        </message>
        <message>
            <source>My queue</source>
            <translation>Meine Warteschlange</translation>
        </message>
        <message>
            <source>Name of this view:</source>
            <translation>Name dieser Ansicht:</translation>
        </message>
        <message>
            <source>Negative</source>
            <translation>Negativ</translation>
        </message>
        <message>
            <source>Network</source>
            <translation>Netzwerk</translation>
        </message>
        <message>
            <source>Neutral</source>
            <translation>Neutral</translation>
        </message>
        <message>
            <source>New</source>
            <translation>Neu</translation>
        </message>
        <message>
            <source>On time</source>
            <translation>Pünktlich</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Offen</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Sonstiges</translation>
        </message>
        <message>
            <source>Pending</source>
            <translation>Wartend</translation>
        </message>
        <message>
            <source>Positive</source>
            <translation>Positiv</translation>
        </message>
        <message>
            <source>Praise</source>
            <translation>Lob</translation>
        </message>
        <message>
            <source>Question</source>
            <translation>Frage</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Abgeschlossen</translation>
        </message>
        <message>
            <source>SLA</source>
            <translation>SLA</translation>
        </message>
        <message>
            <source>Save view</source>
            <translation>Ansicht speichern</translation>
        </message>
        <message>
            <source>Save view…</source>
            <translation>Ansicht speichern…</translation>
        </message>
        <message>
            <source>Saved view</source>
            <translation>Gespeicherte Ansicht</translation>
        </message>
        <message>
            <source>Search the queue</source>
            <translation>Warteschlange durchsuchen</translation>
        </message>
        <message>
            <source>Search words and authors  (Ctrl+F)</source>
            <translation>Wörter und Autoren suchen  (Ctrl+F)</translation>
        </message>
        <message>
            <source>Sentiment</source>
            <translation>Stimmung</translation>
        </message>
        <message>
            <source>Shows only mentions from this period</source>
            <translation>Zeigt nur Erwähnungen aus diesem Zeitraum</translation>
        </message>
        <message>
            <source>Snoozed</source>
            <translation>Zurückgestellt</translation>
        </message>
        <message>
            <source>Spam</source>
            <translation>Spam</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>Team</translation>
        </message>
        <message>
            <source>Unassigned</source>
            <translation>Nicht zugewiesen</translation>
        </message>
    </context>
    <context>
        <name>FirstRunWizard</name>
        <message>
            <source>Welcome to Horseshoe</source>
            <translation>Willkommen bei Horseshoe</translation>
        </message>
    </context>
    <context>
        <name>FloorDefinitions</name>
        <message>
            <source>Cases the agent published a reply on or resolved since midnight.</source>
            <translation>Fälle, in denen der Agent seit Mitternacht eine Antwort veröffentlicht oder die er abgeschlossen hat.</translation>
        </message>
        <message>
            <source>Crisis alerts the hub raised today (a spike of negative mentions on a topic).</source>
            <translation>Krisenwarnungen, die der Hub heute ausgelöst hat (eine Häufung negativer Erwähnungen zu einem Thema).</translation>
        </message>
        <message>
            <source>Customer mentions that arrived each hour today.</source>
            <translation>Kundenerwähnungen, die heute pro Stunde eingegangen sind.</translation>
        </message>
        <message>
            <source>Each brand account's fetching as the hub sees it; unknown while the hub cannot be asked.</source>
            <translation>Der Abruf jedes Markenkontos, wie der Hub ihn sieht; unbekannt, solange der Hub nicht gefragt werden kann.</translation>
        </message>
        <message>
            <source>How long the oldest case in the queue has waited since it opened.</source>
            <translation>Wie lange der älteste Fall in der Warteschlange seit seiner Eröffnung wartet.</translation>
        </message>
        <message>
            <source>Mean sentiment score (−1 to 1) of the customer mentions of each hour.</source>
            <translation>Mittlerer Stimmungswert (−1 bis 1) der Kundenerwähnungen jeder Stunde.</translation>
        </message>
        <message>
            <source>Median time from a case opening to its first response, by the hour of the response.</source>
            <translation>Median-Zeit von der Eröffnung eines Falls bis zur ersten Reaktion, nach der Stunde der Reaktion.</translation>
        </message>
        <message>
            <source>Median time from the agent claiming a case to their first published reply on it, for claims made since midnight (n: how many).</source>
            <translation>Median-Zeit von der Übernahme eines Falls durch den Agenten bis zu seiner ersten veröffentlichten Antwort darin, für Übernahmen seit Mitternacht (n: wie viele).</translation>
        </message>
        <message>
            <source>Online: the live stream has a fresh report from the agent's desk (30 s).</source>
            <translation>Online: Der Live-Strom hat eine frische Meldung vom Arbeitsplatz des Agenten (30 s).</translation>
        </message>
        <message>
            <source>Open cases assigned to the agent, or under their live claim.</source>
            <translation>Offene Fälle, die dem Agenten zugewiesen sind oder die er gerade übernommen hat.</translation>
        </message>
        <message>
            <source>Open cases in the queue now: new, open or pending on the customer, not snoozed.</source>
            <translation>Offene Fälle jetzt in der Warteschlange: neu, offen oder wartend auf den Kunden, nicht zurückgestellt.</translation>
        </message>
        <message>
            <source>Open cases whose owed promise (first response until sent, then resolution) has used ¾ of its time and is not yet due.</source>
            <translation>Offene Fälle, deren geschuldete Zusage (Erstreaktion bis zum Senden, dann Lösung) ¾ ihrer Zeit verbraucht hat und noch nicht fällig ist.</translation>
        </message>
        <message>
            <source>Open cases whose owed promise is past its due time.</source>
            <translation>Offene Fälle, deren geschuldete Zusage ihre Frist überschritten hat.</translation>
        </message>
        <message>
            <source>The case the agent has open now, from the live stream.</source>
            <translation>Der Fall, den der Agent gerade geöffnet hat, laut Live-Strom.</translation>
        </message>
        <message>
            <source>The status the agent set at their desk: available (takes new cases), busy or away.</source>
            <translation>Der Status, den der Agent an seinem Arbeitsplatz gesetzt hat: verfügbar (nimmt neue Fälle), beschäftigt oder abwesend.</translation>
        </message>
        <message>
            <source>When the next case will breach if the floor keeps its pace of the last hour (cases with a published reply or resolved), taking new and open cases one after another in the queue's order (most urgent, then earliest due, then oldest).</source>
            <translation>Wann der nächste Fall seine Frist überschreitet, wenn das Team das Tempo der letzten Stunde hält (Fälle mit veröffentlichter Antwort oder abgeschlossen) und neue und offene Fälle nacheinander in der Reihenfolge der Warteschlange abarbeitet (dringendste, dann früheste Frist, dann älteste).</translation>
        </message>
    </context>
    <context>
        <name>FloorWindow</name>
        <message>
            <source>&amp;Available</source>
            <translation>&amp;Verfügbar</translation>
        </message>
        <message>
            <source>&amp;Broadcast note…</source>
            <translation>&amp;Rundnotiz…</translation>
        </message>
        <message>
            <source>&amp;Busy</source>
            <translation>&amp;Beschäftigt</translation>
        </message>
        <message>
            <source>&amp;Floor</source>
            <translation>&amp;Leitstand</translation>
        </message>
        <message>
            <source>&amp;Floor · {online} of {n} agents online</source>
            <translation>&amp;Leitstand · {online} von {n} Agenten online</translation>
        </message>
        <message>
            <source>&amp;Give the selected cases ({n}) to {name}</source>
            <translation>Die ausgewählten Fälle ({n}) an {name} &amp;geben</translation>
        </message>
        <message>
            <source>&amp;Reassign to…</source>
            <translation>&amp;Neu zuweisen an…</translation>
        </message>
        <message>
            <source>&amp;Take over the claim</source>
            <translation>Übernahme an sich &amp;ziehen</translation>
        </message>
        <message>
            <source>&amp;Today</source>
            <translation>&amp;Heute</translation>
        </message>
        <message>
            <source>&amp;Unassign</source>
            <translation>Zuweisung &amp;aufheben</translation>
        </message>
        <message>
            <source>&amp;Wall board (F11)</source>
            <translation>&amp;Wandanzeige (F11)</translation>
        </message>
        <message>
            <source>A&amp;way</source>
            <translation>&amp;Abwesend</translation>
        </message>
        <message>
            <source>Agents</source>
            <translation>Agenten</translation>
        </message>
        <message>
            <source>At risk &amp;&amp; breached</source>
            <translation>Gefährdet &amp;&amp; überschritten</translation>
        </message>
        <message>
            <source>At risk &amp;&amp; breached ({n})</source>
            <translation>Gefährdet &amp;&amp; überschritten ({n})</translation>
        </message>
        <message>
            <source>Available</source>
            <translation>Verfügbar</translation>
        </message>
        <message>
            <source>Away</source>
            <translation>Abwesend</translation>
        </message>
        <message>
            <source>Busy</source>
            <translation>Beschäftigt</translation>
        </message>
        <message>
            <source>Case lists</source>
            <translation>Falllisten</translation>
        </message>
        <message>
            <source>Cases at risk and breached</source>
            <translation>Gefährdete und überschrittene Fälle</translation>
        </message>
        <message>
            <source>Cases, at risk and breached in each group</source>
            <translation>Fälle, gefährdete und überschrittene je Gruppe</translation>
        </message>
        <message>
            <source>Channel health: unknown ({reason})</source>
            <translation>Kanalzustand: unbekannt ({reason})</translation>
        </message>
        <message>
            <source>Channel health: {n} accounts — {states}</source>
            <translation>Kanalzustand: {n} Konten — {states}</translation>
        </message>
        <message>
            <source>Crisis alerts today:</source>
            <translation>Krisenwarnungen heute:</translation>
        </message>
        <message>
            <source>Drag a case onto an agent to reassign it</source>
            <translation>Einen Fall auf einen Agenten ziehen, um ihn neu zuzuweisen</translation>
        </message>
        <message>
            <source>Each agent's state and load; the context menu acts on the agent</source>
            <translation>Status und Auslastung jedes Agenten; das Kontextmenü wirkt auf den Agenten</translation>
        </message>
        <message>
            <source>Floor</source>
            <translation>Leitstand</translation>
        </message>
        <message>
            <source>Floor pages</source>
            <translation>Seiten der Übersicht</translation>
        </message>
        <message>
            <source>Floor view</source>
            <translation>Leitstand</translation>
        </message>
        <message>
            <source>Needs the hub's supervision service, which this desk does not have.</source>
            <translation>Braucht den Supervisionsdienst des Hubs, den dieser Arbeitsplatz nicht hat.</translation>
        </message>
        <message>
            <source>No crisis alerts today.</source>
            <translation>Heute keine Krisenwarnungen.</translation>
        </message>
        <message>
            <source>Nobody else holds a claim on this case.</source>
            <translation>Niemand sonst hat diesen Fall übernommen.</translation>
        </message>
        <message>
            <source>Note sent to {to}</source>
            <translation>Notiz an {to} gesendet</translation>
        </message>
        <message>
            <source>Oldest waiting</source>
            <translation>Am längsten wartend</translation>
        </message>
        <message>
            <source>Oldest waiting cases</source>
            <translation>Am längsten wartende Fälle</translation>
        </message>
        <message>
            <source>Queue &amp;depth</source>
            <translation>&amp;Länge der Warteschlange</translation>
        </message>
        <message>
            <source>Queue depth by brand account</source>
            <translation>Warteschlangentiefe nach Markenkonto</translation>
        </message>
        <message>
            <source>Queue depth by network</source>
            <translation>Warteschlangentiefe nach Netzwerk</translation>
        </message>
        <message>
            <source>Queue depth by priority band</source>
            <translation>Warteschlangentiefe nach Prioritätsstufe</translation>
        </message>
        <message>
            <source>Queue depth by team</source>
            <translation>Warteschlangentiefe nach Team</translation>
        </message>
        <message>
            <source>Reassignment of {n} case(s) to {name} requested</source>
            <translation>Neuzuweisung von {n} Fall/Fällen an {name} angefordert</translation>
        </message>
        <message>
            <source>Set &amp;status</source>
            <translation>&amp;Status setzen</translation>
        </message>
        <message>
            <source>Take-over requested; yours once the hub agrees</source>
            <translation>Übernahme angefordert; Ihrer, sobald der Hub zustimmt</translation>
        </message>
        <message>
            <source>Unassign of {n} case(s) requested</source>
            <translation>Aufhebung der Zuweisung von {n} Fall/Fällen angefordert</translation>
        </message>
        <message>
            <source>at risk</source>
            <translation>gefährdet</translation>
        </message>
        <message>
            <source>breached</source>
            <translation>überschritten</translation>
        </message>
        <message>
            <source>everyone</source>
            <translation>alle</translation>
        </message>
        <message>
            <source>in the queue</source>
            <translation>in der Warteschlange</translation>
        </message>
        <message>
            <source>in {wait}</source>
            <translation>in {wait}</translation>
        </message>
        <message>
            <source>next breach at this pace</source>
            <translation>nächste Überschreitung bei diesem Tempo</translation>
        </message>
        <message>
            <source>next breach at this pace · {pace} · {k} in the next hour</source>
            <translation>nächste Überschreitung bei diesem Tempo · {pace} · {k} in der nächsten Stunde</translation>
        </message>
        <message>
            <source>none</source>
            <translation>keine</translation>
        </message>
        <message>
            <source>nothing handled in the last hour</source>
            <translation>in der letzten Stunde nichts bearbeitet</translation>
        </message>
        <message>
            <source>oldest waiting</source>
            <translation>am längsten wartend</translation>
        </message>
        <message>
            <source>updated {time}</source>
            <translation>aktualisiert {time}</translation>
        </message>
        <message>
            <source>{n:.0f} cases/h</source>
            <translation>{n:.0f} Fälle/h</translation>
        </message>
        <message>
            <source>{name} set to {status}</source>
            <translation>{name} auf {status} gesetzt</translation>
        </message>
    </context>
    <context>
        <name>GuidancePanel</name>
        <message>
            <source> from {title}</source>
            <translation> aus {title}</translation>
        </message>
        <message>
            <source>(nothing)</source>
            <translation>(nichts)</translation>
        </message>
        <message>
            <source>A note on this step (N)</source>
            <translation>Eine Notiz zu diesem Schritt (N)</translation>
        </message>
        <message>
            <source>A note on “{node}” (kept with the session):</source>
            <translation>Eine Notiz zu „{node}“ (wird mit der Sitzung gespeichert):</translation>
        </message>
        <message>
            <source>Back to the previous decision (Backspace, Alt+Left)</source>
            <translation>Zurück zur vorigen Entscheidung (Rücktaste, Alt+Left)</translation>
        </message>
        <message>
            <source>Chosen: {why}</source>
            <translation>Gewählt: {why}</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Fertig</translation>
        </message>
        <message>
            <source>Guidance</source>
            <translation>Leitfaden</translation>
        </message>
        <message>
            <source>Jump to a step or template (Ctrl+K)</source>
            <translation>Zu einem Schritt oder einer Vorlage springen (Ctrl+K)</translation>
        </message>
        <message>
            <source>Jump…</source>
            <translation>Springen…</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Wird geladen…</translation>
        </message>
        <message>
            <source>Map</source>
            <translation>Karte</translation>
        </message>
        <message>
            <source>No decision tree applies. “Switch tree…” picks one.</source>
            <translation>Kein Entscheidungsbaum passt. „Baum wechseln…“ wählt einen.</translation>
        </message>
        <message>
            <source>No tree for this case</source>
            <translation>Kein Baum für diesen Fall</translation>
        </message>
        <message>
            <source>Not escalated to {team} yet: Enter asks again, Backspace goes back</source>
            <translation>Noch nicht an {team} eskaliert: Enter fragt erneut, Rücktaste geht zurück</translation>
        </message>
        <message>
            <source>Note on this step</source>
            <translation>Notiz zu diesem Schritt</translation>
        </message>
        <message>
            <source>Note…</source>
            <translation>Notiz…</translation>
        </message>
        <message>
            <source>Nothing is suggested here: choose with the number keys</source>
            <translation>Hier gibt es keinen Vorschlag: mit den Zifferntasten wählen</translation>
        </message>
        <message>
            <source>Run another tree on this case; this session stays in the log</source>
            <translation>Einen anderen Baum auf diesen Fall anwenden; diese Sitzung bleibt im Protokoll</translation>
        </message>
        <message>
            <source>Steps for this case: the number keys choose an option, Enter takes the suggested one</source>
            <translation>Schritte für diesen Fall: die Zifferntasten wählen eine Option, Enter nimmt die vorgeschlagene</translation>
        </message>
        <message>
            <source>Switch tree…</source>
            <translation>Baum wechseln…</translation>
        </message>
        <message>
            <source>Template “{name}” put into the reply</source>
            <translation>Vorlage „{name}“ in die Antwort eingefügt</translation>
        </message>
        <message>
            <source>The action failed: {reason}</source>
            <translation>Die Aktion ist fehlgeschlagen: {reason}</translation>
        </message>
        <message>
            <source>The answers so far: click one to change it</source>
            <translation>Die bisherigen Antworten: zum Ändern eine anklicken</translation>
        </message>
        <message>
            <source>The whole tree, the way taken highlighted (M)</source>
            <translation>Der ganze Baum, der bisherige Weg hervorgehoben (M)</translation>
        </message>
        <message>
            <source>This session has ended: “Start again” begins a new one</source>
            <translation>Diese Sitzung ist beendet: „Neu beginnen“ startet eine neue</translation>
        </message>
        <message>
            <source>switched by you</source>
            <translation>von Ihnen gewechselt</translation>
        </message>
        <message>
            <source>“{node}” is not on the way here: the map shows where it sits</source>
            <translation>„{node}“ liegt nicht auf dem Weg hierher: die Karte zeigt, wo er liegt</translation>
        </message>
        <message>
            <source>← Back</source>
            <translation>← Zurück</translation>
        </message>
    </context>
    <context>
        <name>GuideWindow</name>
        <message>
            <source>Guide page</source>
            <translation>Seite des Handbuchs</translation>
        </message>
        <message>
            <source>Guide pages</source>
            <translation>Seiten des Handbuchs</translation>
        </message>
        <message>
            <source>Horseshoe — User guide</source>
            <translation>Horseshoe — Benutzerhandbuch</translation>
        </message>
        <message>
            <source>Lists only the pages with every word; Enter finds the next one on the page shown</source>
            <translation>Zeigt nur die Seiten mit allen Wörtern; Enter findet das nächste auf der angezeigten Seite</translation>
        </message>
        <message>
            <source>No page has all these words.</source>
            <translation>Keine Seite enthält alle diese Wörter.</translation>
        </message>
        <message>
            <source>Search the guide</source>
            <translation>Im Handbuch suchen</translation>
        </message>
        <message>
            <source>Search the guide (Ctrl+F)</source>
            <translation>Im Handbuch suchen (Ctrl+F)</translation>
        </message>
        <message>
            <source>User guide</source>
            <translation>Benutzerhandbuch</translation>
        </message>
    </context>
    <context>
        <name>HandoffDialog</name>
        <message>
            <source>&amp;Hand off</source>
            <translation>Über&amp;geben</translation>
        </message>
        <message>
            <source>&amp;Reason (the next team reads this first):</source>
            <translation>&amp;Grund (das nächste Team liest ihn zuerst):</translation>
        </message>
        <message>
            <source>Choose the team to hand the case to.</source>
            <translation>Wählen Sie das Team, an das der Fall übergeben wird.</translation>
        </message>
        <message>
            <source>Hand off &amp;to:</source>
            <translation>Übergeben &amp;an:</translation>
        </message>
        <message>
            <source>Hand off case</source>
            <translation>Fall übergeben</translation>
        </message>
        <message>
            <source>Reason for the hand-off</source>
            <translation>Grund der Übergabe</translation>
        </message>
        <message>
            <source>Say why in at least {n} characters: the next team starts from it.</source>
            <translation>Begründen Sie in mindestens {n} Zeichen: Das nächste Team setzt dort an.</translation>
        </message>
        <message>
            <source>Teams</source>
            <translation>Teams</translation>
        </message>
        <message>
            <source>The team the case goes to; type a letter to jump to a team</source>
            <translation>Das Team, an das der Fall geht; einen Buchstaben tippen, um zu einem Team zu springen</translation>
        </message>
        <message>
            <source>There is no other team to hand off to.</source>
            <translation>Es gibt kein anderes Team für eine Übergabe.</translation>
        </message>
        <message>
            <source>e.g. asks about a contract renewal, needs sales</source>
            <translation>z. B. fragt nach einer Vertragsverlängerung, braucht den Vertrieb</translation>
        </message>
        <message>
            <source>{team} (owns the case now)</source>
            <translation>{team} (hat den Fall jetzt)</translation>
        </message>
    </context>
    <context>
        <name>HandoffsDialog</name>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Aktualisieren</translation>
        </message>
        <message>
            <source>Case</source>
            <translation>Fall</translation>
        </message>
        <message>
            <source>Cases I handed off</source>
            <translation>Von mir übergebene Fälle</translation>
        </message>
        <message>
            <source>My hand-offs</source>
            <translation>Meine Übergaben</translation>
        </message>
        <message>
            <source>Now</source>
            <translation>Jetzt</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Grund</translation>
        </message>
        <message>
            <source>Refused: {reason}</source>
            <translation>Abgelehnt: {reason}</translation>
        </message>
        <message>
            <source>The cases you handed off and where each stands</source>
            <translation>Die Fälle, die Sie übergeben haben, und wo jeder steht</translation>
        </message>
        <message>
            <source>To</source>
            <translation>An</translation>
        </message>
        <message>
            <source>Waiting to be sent</source>
            <translation>Wartet auf das Senden</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Wann</translation>
        </message>
        <message>
            <source>With {team} (no longer in your queue)</source>
            <translation>Bei {team} (nicht mehr in Ihrer Warteschlange)</translation>
        </message>
        <message>
            <source>With {team} · {status}</source>
            <translation>Bei {team} · {status}</translation>
        </message>
        <message>
            <source>You have not handed off any case from this desk.</source>
            <translation>Sie haben von diesem Arbeitsplatz aus keinen Fall übergeben.</translation>
        </message>
    </context>
    <context>
        <name>HelpMenu</name>
        <message>
            <source>&amp;About Horseshoe</source>
            <translation>Über &amp;Horseshoe</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Hilfe</translation>
        </message>
        <message>
            <source>&amp;Keyboard shortcuts</source>
            <translation>&amp;Tastenkürzel</translation>
        </message>
        <message>
            <source>&amp;User guide</source>
            <translation>&amp;Benutzerhandbuch</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Horseshoe {version}&lt;/h3&gt;</source>
            <translation>&lt;h3&gt;Horseshoe {version}&lt;/h3&gt;</translation>
        </message>
        <message>
            <source>&lt;p&gt;A desktop agent console for social customer care.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Eine Desktop-Konsole für den Kundenservice in sozialen Netzwerken.&lt;/p&gt;</translation>
        </message>
        <message>
            <source>&lt;p&gt;Licence: {licence}&lt;/p&gt;</source>
            <translation>&lt;p&gt;Lizenz: {licence}&lt;/p&gt;</translation>
        </message>
        <message>
            <source>&lt;p&gt;Log file: {path}&lt;/p&gt;</source>
            <translation>&lt;p&gt;Protokolldatei: {path}&lt;/p&gt;</translation>
        </message>
        <message>
            <source>&lt;p&gt;Qt {qt} · PySide6 {pyside}&lt;/p&gt;</source>
            <translation>&lt;p&gt;Qt {qt} · PySide6 {pyside}&lt;/p&gt;</translation>
        </message>
        <message>
            <source>About Horseshoe</source>
            <translation>Über Horseshoe</translation>
        </message>
    </context>
    <context>
        <name>HelpOverlay</name>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>Tastenkürzel</translation>
        </message>
    </context>
    <context>
        <name>JumpPalette</name>
        <message>
            <source>Filter steps and templates</source>
            <translation>Schritte und Vorlagen filtern</translation>
        </message>
        <message>
            <source>Jump to a step or template</source>
            <translation>Zu einem Schritt oder einer Vorlage springen</translation>
        </message>
        <message>
            <source>Steps and templates</source>
            <translation>Schritte und Vorlagen</translation>
        </message>
        <message>
            <source>Type to filter steps and templates…</source>
            <translation>Tippen, um Schritte und Vorlagen zu filtern…</translation>
        </message>
        <message>
            <source>● on the way here: jumping edits that answer · ✎ a template: it goes into the reply</source>
            <translation>● auf dem Weg hierher: Springen ändert diese Antwort · ✎ eine Vorlage: sie kommt in die Antwort</translation>
        </message>
    </context>
    <context>
        <name>KeepOfflineDialog</name>
        <message>
            <source>%v of %m cases</source>
            <translation>%v von %m Fällen</translation>
        </message>
        <message>
            <source>&amp;Cancel download</source>
            <translation>Herunterladen &amp;abbrechen</translation>
        </message>
        <message>
            <source>&amp;Download</source>
            <translation>&amp;Herunterladen</translation>
        </message>
        <message>
            <source>&amp;From:</source>
            <translation>&amp;Von:</translation>
        </message>
        <message>
            <source>&amp;To (included):</source>
            <translation>&amp;Bis (einschließlich):</translation>
        </message>
        <message>
            <source>Cancelled with {done} of {total} cases stored. Download again to go on.</source>
            <translation>Abgebrochen, {done} von {total} Fällen gespeichert. Erneut herunterladen, um fortzufahren.</translation>
        </message>
        <message>
            <source>Cases:</source>
            <translation>Fälle:</translation>
        </message>
        <message>
            <source>Downloading: {done} of {total} cases stored</source>
            <translation>Herunterladen: {done} von {total} Fällen gespeichert</translation>
        </message>
        <message>
            <source>Downloading…</source>
            <translation>Wird heruntergeladen…</translation>
        </message>
        <message>
            <source>Held offline:</source>
            <translation>Offline vorgehalten:</translation>
        </message>
        <message>
            <source>Keep offline</source>
            <translation>Offline behalten</translation>
        </message>
        <message>
            <source>Nothing beyond what sync keeps.</source>
            <translation>Nichts über das hinaus, was die Synchronisierung vorhält.</translation>
        </message>
        <message>
            <source>Ranges kept offline</source>
            <translation>Offline behaltene Zeiträume</translation>
        </message>
        <message>
            <source>Stopping after this page…</source>
            <translation>Stoppt nach dieser Seite…</translation>
        </message>
        <message>
            <source>The first day of the cases to keep</source>
            <translation>Der erste Tag der zu behaltenden Fälle</translation>
        </message>
        <message>
            <source>The last day of the cases to keep</source>
            <translation>Der letzte Tag der zu behaltenden Fälle</translation>
        </message>
        <message>
            <source>The older periods already on this computer</source>
            <translation>Die älteren Zeiträume, die schon auf diesem Computer sind</translation>
        </message>
        <message>
            <source>This workstation syncs the whole history already. Downloading a range refreshes what it holds.</source>
            <translation>Dieser Arbeitsplatz synchronisiert bereits den gesamten Verlauf. Das Herunterladen eines Zeitraums frischt den Bestand auf.</translation>
        </message>
        <message>
            <source>This workstation syncs unresolved cases and those active in the last {days} days. Download older cases here to have them while the hub cannot be reached.</source>
            <translation>Dieser Arbeitsplatz synchronisiert offene Fälle und solche, die in den letzten {days} Tagen aktiv waren. Laden Sie ältere Fälle hier herunter, um sie auch ohne Hub-Verbindung zu haben.</translation>
        </message>
        <message>
            <source>asking the hub…</source>
            <translation>frage den Hub…</translation>
        </message>
        <message>
            <source>the range ends before it starts</source>
            <translation>der Zeitraum endet, bevor er beginnt</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>unbekannt</translation>
        </message>
        <message>
            <source>{days}: unfinished, {done} of {total} cases</source>
            <translation>{days}: unvollständig, {done} von {total} Fällen</translation>
        </message>
        <message>
            <source>{days}: {n} cases</source>
            <translation>{days}: {n} Fälle</translation>
        </message>
        <message>
            <source>{done} cases from {start} to {end} are held offline.</source>
            <translation>{done} Fälle von {start} bis {end} sind offline vorgehalten.</translation>
        </message>
        <message>
            <source>{n} in this range on the hub</source>
            <translation>{n} in diesem Zeitraum auf dem Hub</translation>
        </message>
        <message>
            <source>{start} – {end}</source>
            <translation>{start} – {end}</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source> · {n} cases</source>
            <translation> · {n} Fälle</translation>
        </message>
        <message>
            <source>&amp;Account</source>
            <translation>&amp;Konto</translation>
        </message>
        <message>
            <source>&amp;Analytics…</source>
            <translation>&amp;Auswertungen…</translation>
        </message>
        <message>
            <source>&amp;Assign to…</source>
            <translation>&amp;Zuweisen an…</translation>
        </message>
        <message>
            <source>&amp;Available: give me new cases</source>
            <translation>&amp;Verfügbar: neue Fälle an mich</translation>
        </message>
        <message>
            <source>&amp;Busy: no new cases</source>
            <translation>&amp;Beschäftigt: keine neuen Fälle</translation>
        </message>
        <message>
            <source>&amp;Channel health…</source>
            <translation>&amp;Kanalzustand…</translation>
        </message>
        <message>
            <source>&amp;Claim</source>
            <translation>Ü&amp;bernehmen</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>&amp;Bearbeiten</translation>
        </message>
        <message>
            <source>&amp;Floor view…</source>
            <translation>&amp;Leitstand…</translation>
        </message>
        <message>
            <source>&amp;Keep offline…</source>
            <translation>&amp;Offline behalten…</translation>
        </message>
        <message>
            <source>&amp;Mute desktop notifications</source>
            <translation>Desktop-Benachrichtigungen &amp;stummschalten</translation>
        </message>
        <message>
            <source>&amp;Queue</source>
            <translation>&amp;Warteschlange</translation>
        </message>
        <message>
            <source>&amp;Release</source>
            <translation>&amp;Freigeben</translation>
        </message>
        <message>
            <source>&amp;Reports</source>
            <translation>&amp;Berichte</translation>
        </message>
        <message>
            <source>&amp;Settings…</source>
            <translation>&amp;Einstellungen…</translation>
        </message>
        <message>
            <source>&amp;Tag…</source>
            <translation>&amp;Markieren…</translation>
        </message>
        <message>
            <source>&amp;Tree report…</source>
            <translation>&amp;Baumbericht…</translation>
        </message>
        <message>
            <source>&amp;Unassign</source>
            <translation>Zuweisung &amp;aufheben</translation>
        </message>
        <message>
            <source>A&amp;way</source>
            <translation>&amp;Abwesend</translation>
        </message>
        <message>
            <source>Assign to &amp;me</source>
            <translation>&amp;Mir zuweisen</translation>
        </message>
        <message>
            <source>Assignment to you requested</source>
            <translation>Zuweisung an Sie angefordert</translation>
        </message>
        <message>
            <source>Assignment to {name} requested</source>
            <translation>Zuweisung an {name} angefordert</translation>
        </message>
        <message>
            <source>Case a&amp;rchive…</source>
            <translation>Fall&amp;archiv…</translation>
        </message>
        <message>
            <source>Change &amp;workspace…</source>
            <translation>&amp;Arbeitsbereich wechseln…</translation>
        </message>
        <message>
            <source>Claim requested</source>
            <translation>Übernahme angefordert</translation>
        </message>
        <message>
            <source>Claimed the next case; it is yours once the hub agrees.</source>
            <translation>Nächsten Fall übernommen; er gehört Ihnen, sobald der Hub zustimmt.</translation>
        </message>
        <message>
            <source>E&amp;xport case report (PDF)…</source>
            <translation>Fallbericht e&amp;xportieren (PDF)…</translation>
        </message>
        <message>
            <source>Get &amp;next case</source>
            <translation>&amp;Nächsten Fall holen</translation>
        </message>
        <message>
            <source>Horseshoe — Queue</source>
            <translation>Horseshoe — Warteschlange</translation>
        </message>
        <message>
            <source>Keyboard &amp;shortcuts</source>
            <translation>&amp;Tastenkürzel</translation>
        </message>
        <message>
            <source>My &amp;hand-offs…</source>
            <translation>Meine Über&amp;gaben…</translation>
        </message>
        <message>
            <source>My &amp;status</source>
            <translation>Mein &amp;Status</translation>
        </message>
        <message>
            <source>Nothing is waiting for you: the queue is clear.</source>
            <translation>Nichts wartet auf Sie: die Warteschlange ist leer.</translation>
        </message>
        <message>
            <source>Queue</source>
            <translation>Warteschlange</translation>
        </message>
        <message>
            <source>Re&amp;play case…</source>
            <translation>Fall &amp;wiedergeben…</translation>
        </message>
        <message>
            <source>Release requested</source>
            <translation>Freigabe angefordert</translation>
        </message>
        <message>
            <source>Resolve as &amp;spam</source>
            <translation>Als &amp;Spam abschließen</translation>
        </message>
        <message>
            <source>Resolved as spam</source>
            <translation>Als Spam abgeschlossen</translation>
        </message>
        <message>
            <source>Sign &amp;in…</source>
            <translation>&amp;Anmelden…</translation>
        </message>
        <message>
            <source>Sign &amp;out</source>
            <translation>&amp;Abmelden</translation>
        </message>
        <message>
            <source>Sign &amp;out {name}</source>
            <translation>{name} &amp;abmelden</translation>
        </message>
        <message>
            <source>Signed out. Unsent work waits for your next sign-in.</source>
            <translation>Abgemeldet. Nicht Gesendetes wartet auf Ihre nächste Anmeldung.</translation>
        </message>
        <message>
            <source>Tag</source>
            <translation>Markierung</translation>
        </message>
        <message>
            <source>Tag for the selected cases:</source>
            <translation>Markierung für die ausgewählten Fälle:</translation>
        </message>
        <message>
            <source>Tagged</source>
            <translation>Markiert</translation>
        </message>
        <message>
            <source>Team &amp;notes…</source>
            <translation>Team&amp;notizen…</translation>
        </message>
        <message>
            <source>Unassign requested</source>
            <translation>Aufhebung der Zuweisung angefordert</translation>
        </message>
        <message>
            <source>{done} of {n}: {reason}</source>
            <translation>{done} von {n}: {reason}</translation>
        </message>
        <message>
            <source>{n:,} matching</source>
            <translation>{n:,} passend</translation>
        </message>
        <message>
            <source>{n:,}+ matching</source>
            <translation>{n:,}+ passend</translation>
        </message>
    </context>
    <context>
        <name>MeasureChart</name>
        <message>
            <source>Chart</source>
            <translation>Diagramm</translation>
        </message>
        <message>
            <source>No figures in this period</source>
            <translation>Keine Zahlen in diesem Zeitraum</translation>
        </message>
        <message>
            <source>highest {value}</source>
            <translation>höchstens {value}</translation>
        </message>
    </context>
    <context>
        <name>Measures</name>
        <message>
            <source>A case is in the period (and in a day or week) when it was created in it.</source>
            <translation>Ein Fall gehört zum Zeitraum (und zu einem Tag oder einer Woche), wenn er darin angelegt wurde.</translation>
        </message>
        <message>
            <source>Every case of the period in one row.</source>
            <translation>Alle Fälle des Zeitraums in einer Zeile.</translation>
        </message>
        <message>
            <source>First-response time</source>
            <translation>Erstreaktionszeit</translation>
        </message>
        <message>
            <source>From the case's first customer mention (when the customer wrote, as the network dates it) to the first published brand reply, over the answered cases: the median and the 90th percentile (nearest rank: the value at rank ⌈p·n⌉). n is the number of answered cases.</source>
            <translation>Von der ersten Kundenerwähnung des Falls (wann der Kunde schrieb, wie das Netzwerk es datiert) bis zur ersten veröffentlichten Antwort der Marke, über die beantworteten Fälle: Median und 90. Perzentil (nächster Rang: der Wert auf Rang ⌈p·n⌉). n ist die Zahl der beantworteten Fälle.</translation>
        </message>
        <message>
            <source>From the case's first customer mention to its latest resolution, over the cases resolved now: a case that was reopened counts to when it was resolved again, and a case that is open again is not counted until then. Median and 90th percentile, nearest rank; n is the resolved cases.</source>
            <translation>Von der ersten Kundenerwähnung des Falls bis zu seinem letzten Abschluss, über die jetzt abgeschlossenen Fälle: Ein wieder geöffneter Fall zählt bis zu seinem erneuten Abschluss, ein wieder offener Fall wird bis dahin nicht gezählt. Median und 90. Perzentil, nächster Rang; n sind die abgeschlossenen Fälle.</translation>
        </message>
        <message>
            <source>Per answered case, the mean sentiment score (−1 to +1) of the customer's mentions after the first published reply minus the mean of their mentions up to it; the figure is the mean of these differences over the cases that have mentions on both sides (n). Positive: the customer sounded better after the answer.</source>
            <translation>Pro beantwortetem Fall der mittlere Stimmungswert (−1 bis +1) der Kundenerwähnungen nach der ersten veröffentlichten Antwort minus dem Mittel seiner Erwähnungen bis dahin; die Zahl ist das Mittel dieser Differenzen über die Fälle mit Erwähnungen auf beiden Seiten (n). Positiv: Der Kunde klang nach der Antwort besser.</translation>
        </message>
        <message>
            <source>Reopen rate</source>
            <translation>Wiederöffnungsquote</translation>
        </message>
        <message>
            <source>Resolution time</source>
            <translation>Lösungszeit</translation>
        </message>
        <message>
            <source>Response rate</source>
            <translation>Antwortquote</translation>
        </message>
        <message>
            <source>Sentiment change</source>
            <translation>Stimmungsänderung</translation>
        </message>
        <message>
            <source>The agent who sent the case's first published reply (the one its first-response time and sentiment change are owed to); unanswered cases form a group of their own.</source>
            <translation>Der Agent, der die erste veröffentlichte Antwort des Falls gesendet hat (dem seine Erstreaktionszeit und Stimmungsänderung zugerechnet werden); unbeantwortete Fälle bilden eine eigene Gruppe.</translation>
        </message>
        <message>
            <source>The brand account the customer wrote to.</source>
            <translation>Das Markenkonto, an das der Kunde geschrieben hat.</translation>
        </message>
        <message>
            <source>The day (UTC) the case was created.</source>
            <translation>Der Tag (UTC), an dem der Fall angelegt wurde.</translation>
        </message>
        <message>
            <source>The decision tree of the case's latest guidance session and where that session came to: the disposition it ended with, or the node it stopped at, folded from its recorded steps.</source>
            <translation>Der Entscheidungsbaum der letzten Leitfadensitzung des Falls und wohin diese Sitzung kam: der Abschlussgrund, mit dem sie endete, oder der Knoten, an dem sie stehen blieb, aus ihren erfassten Schritten ermittelt.</translation>
        </message>
        <message>
            <source>The share of cases resolved at least once that were reopened at least once afterwards, by an agent or because the customer wrote again. n is the cases resolved at least once.</source>
            <translation>Der Anteil der mindestens einmal abgeschlossenen Fälle, die danach mindestens einmal wieder geöffnet wurden, von einem Agenten oder weil der Kunde erneut schrieb. n sind die mindestens einmal abgeschlossenen Fälle.</translation>
        </message>
        <message>
            <source>The share of counted cases that received at least one published brand reply: a reply the hub confirmed as posted on the network. Drafts, queued replies, failed replies, replies held for review and internal notes do not count. Cases resolved as spam or as a duplicate are left out of every measure (shown as excluded); a case that is reopened afterwards counts again.</source>
            <translation>Der Anteil der gezählten Fälle, die mindestens eine veröffentlichte Antwort der Marke erhielten: eine Antwort, deren Veröffentlichung im Netzwerk der Hub bestätigt hat. Entwürfe, eingereihte, fehlgeschlagene und zur Prüfung zurückgehaltene Antworten sowie interne Notizen zählen nicht. Als Spam oder Duplikat abgeschlossene Fälle fehlen in jeder Kennzahl (als ausgeschlossen angezeigt); ein danach wieder geöffneter Fall zählt wieder.</translation>
        </message>
        <message>
            <source>The social network the case came from.</source>
            <translation>Das soziale Netzwerk, aus dem der Fall kam.</translation>
        </message>
        <message>
            <source>The team that owns the case: the team it was handed to, else its brand account's team.</source>
            <translation>Das Team, dem der Fall gehört: das Team, an das er übergeben wurde, sonst das Team seines Markenkontos.</translation>
        </message>
        <message>
            <source>The week (Monday to Sunday, UTC) in which the case was created.</source>
            <translation>Die Woche (Montag bis Sonntag, UTC), in der der Fall angelegt wurde.</translation>
        </message>
    </context>
    <context>
        <name>MentionEdit</name>
        <message>
            <source>An internal note on the case; type @ and a name to notify a colleague</source>
            <translation>Eine interne Notiz zum Fall; @ und einen Namen tippen, um Kollegen zu benachrichtigen</translation>
        </message>
    </context>
    <context>
        <name>MentionPreview</name>
        <message>
            <source>Claim</source>
            <translation>Übernehmen</translation>
        </message>
        <message>
            <source>Colleagues on this case</source>
            <translation>Kollegen an diesem Fall</translation>
        </message>
        <message>
            <source>Select a mention to read it in full.</source>
            <translation>Wählen Sie eine Erwähnung, um sie vollständig zu lesen.</translation>
        </message>
        <message>
            <source>Selected mention</source>
            <translation>Ausgewählte Erwähnung</translation>
        </message>
        <message>
            <source>Sentiment {sentiment} ({score:+.2f}) · case {status} · language {lang}</source>
            <translation>Stimmung {sentiment} ({score:+.2f}) · Fall {status} · Sprache {lang}</translation>
        </message>
        <message>
            <source>The mention selected in the queue; Enter opens its case</source>
            <translation>Die in der Warteschlange ausgewählte Erwähnung; Enter öffnet ihren Fall</translation>
        </message>
        <message>
            <source>negative</source>
            <translation>negativ</translation>
        </message>
        <message>
            <source>neutral</source>
            <translation>neutral</translation>
        </message>
        <message>
            <source>new</source>
            <translation>neu</translation>
        </message>
        <message>
            <source>open</source>
            <translation>offen</translation>
        </message>
        <message>
            <source>pending</source>
            <translation>wartend</translation>
        </message>
        <message>
            <source>positive</source>
            <translation>positiv</translation>
        </message>
        <message>
            <source>resolved</source>
            <translation>abgeschlossen</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>unbekannt</translation>
        </message>
        <message>
            <source>{author} · the brand's reply</source>
            <translation>{author} · die Antwort der Marke</translation>
        </message>
        <message>
            <source>{handle} · {followers:,} followers
{network} · to {account} · {kind} · {when}</source>
            <translation>{handle} · {followers:,} Follower
{network} · an {account} · {kind} · {when}</translation>
        </message>
        <message>
            <source>{name} is typing ({age} ago)</source>
            <translation>{name} schreibt (vor {age})</translation>
        </message>
        <message>
            <source>{name} is viewing ({age} ago)</source>
            <translation>{name} sieht den Fall an (vor {age})</translation>
        </message>
    </context>
    <context>
        <name>NoteDialog</name>
        <message>
            <source>&amp;Save note</source>
            <translation>Notiz &amp;speichern</translation>
        </message>
        <message>
            <source>Add note</source>
            <translation>Notiz hinzufügen</translation>
        </message>
        <message>
            <source>Colleagues to mention</source>
            <translation>Zu erwähnende Kollegen</translation>
        </message>
        <message>
            <source>Ctrl+Enter</source>
            <translation>Ctrl+Enter</translation>
        </message>
        <message>
            <source>Internal &amp;note (only colleagues see it; @name tells them):</source>
            <translation>Interne &amp;Notiz (nur Kollegen sehen sie; @Name benachrichtigt):</translation>
        </message>
        <message>
            <source>Not colleagues, nobody notified: {names}</source>
            <translation>Keine Kollegen, niemand benachrichtigt: {names}</translation>
        </message>
        <message>
            <source>Note text</source>
            <translation>Notiztext</translation>
        </message>
        <message>
            <source>The note has {n} characters; {max} at most. Shorten it, or split it in two.</source>
            <translation>Die Notiz hat {n} Zeichen; höchstens {max}. Kürzen Sie sie oder teilen Sie sie in zwei.</translation>
        </message>
        <message>
            <source>What happened, what is next… @username to tell a colleague</source>
            <translation>Was geschah, was folgt… @Benutzername benachrichtigt einen Kollegen</translation>
        </message>
        <message>
            <source>Who will be notified</source>
            <translation>Wer benachrichtigt wird</translation>
        </message>
        <message>
            <source>Will notify: {people}</source>
            <translation>Benachrichtigt: {people}</translation>
        </message>
        <message>
            <source>Write something first: an empty note is not saved.</source>
            <translation>Schreiben Sie zuerst etwas: Eine leere Notiz wird nicht gespeichert.</translation>
        </message>
        <message>
            <source>{username} — {name}</source>
            <translation>{username} — {name}</translation>
        </message>
    </context>
    <context>
        <name>Notices</name>
        <message>
            <source>Crisis alert</source>
            <translation>Krisenwarnung</translation>
        </message>
        <message>
            <source>First response overdue</source>
            <translation>Erstreaktion überfällig</translation>
        </message>
        <message>
            <source>Hand it over or keep it from the case pane.</source>
            <translation>Im Fallbereich übergeben oder behalten.</translation>
        </message>
        <message>
            <source>Resolution overdue</source>
            <translation>Lösung überfällig</translation>
        </message>
        <message>
            <source>Team note from {author} to everyone</source>
            <translation>Teamnotiz von {author} an alle</translation>
        </message>
        <message>
            <source>Team note from {author} to {team}</source>
            <translation>Teamnotiz von {author} an {team}</translation>
        </message>
        <message>
            <source>Your request was declined; the case stays with them.</source>
            <translation>Ihre Anfrage wurde abgelehnt; der Fall bleibt dort.</translation>
        </message>
        <message>
            <source>{author} mentioned you in a note</source>
            <translation>{author} hat Sie in einer Notiz erwähnt</translation>
        </message>
        <message>
            <source>{by} assigned a case to you</source>
            <translation>{by} hat Ihnen einen Fall zugewiesen</translation>
        </message>
        <message>
            <source>{holder} keeps the case</source>
            <translation>{holder} behält den Fall</translation>
        </message>
        <message>
            <source>{name} asks for a case you hold</source>
            <translation>{name} bittet um einen Fall, den Sie halten</translation>
        </message>
        <message>
            <source>{reason} — routed to {team}</source>
            <translation>{reason} — an {team} geleitet</translation>
        </message>
    </context>
    <context>
        <name>PrivacyNudge</name>
        <message>
            <source> and </source>
            <translation> und </translation>
        </message>
        <message>
            <source>Personal data warning</source>
            <translation>Warnung: persönliche Daten</translation>
        </message>
        <message>
            <source>Send privately</source>
            <translation>Privat senden</translation>
        </message>
        <message>
            <source>Switch to a private message</source>
            <translation>Zu einer privaten Nachricht wechseln</translation>
        </message>
        <message>
            <source>This reply shows {what} — send it privately?</source>
            <translation>Diese Antwort zeigt {what} — privat senden?</translation>
        </message>
        <message>
            <source>This reply shows {what}, and {network} replies are public — take it out?</source>
            <translation>Diese Antwort zeigt {what}, und Antworten auf {network} sind öffentlich — entfernen?</translation>
        </message>
        <message>
            <source>a bank account number (IBAN)</source>
            <translation>eine Kontonummer (IBAN)</translation>
        </message>
        <message>
            <source>a payment card number</source>
            <translation>eine Kartennummer</translation>
        </message>
        <message>
            <source>a phone number</source>
            <translation>eine Telefonnummer</translation>
        </message>
        <message>
            <source>an e-mail address</source>
            <translation>eine E-Mail-Adresse</translation>
        </message>
    </context>
    <context>
        <name>QueueColumns</name>
        <message>
            <source>%1 due %2 (%3)</source>
            <translation>%1 fällig %2 (%3)</translation>
        </message>
        <message>
            <source>Age</source>
            <translation>Alter</translation>
        </message>
        <message>
            <source>Assigned to %1</source>
            <translation>Zugewiesen an %1</translation>
        </message>
        <message>
            <source>Assignee</source>
            <translation>Zuständig</translation>
        </message>
        <message>
            <source>Author</source>
            <translation>Autor</translation>
        </message>
        <message>
            <source>Brand account</source>
            <translation>Markenkonto</translation>
        </message>
        <message>
            <source>Complaint</source>
            <translation>Beschwerde</translation>
        </message>
        <message>
            <source>Crisis</source>
            <translation>Krise</translation>
        </message>
        <message>
            <source>Intent</source>
            <translation>Absicht</translation>
        </message>
        <message>
            <source>Lead</source>
            <translation>Verkaufschance</translation>
        </message>
        <message>
            <source>Mention</source>
            <translation>Erwähnung</translation>
        </message>
        <message>
            <source>Negative</source>
            <translation>Negativ</translation>
        </message>
        <message>
            <source>Network</source>
            <translation>Netzwerk</translation>
        </message>
        <message>
            <source>Neutral</source>
            <translation>Neutral</translation>
        </message>
        <message>
            <source>New</source>
            <translation>Neu</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Offen</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Sonstiges</translation>
        </message>
        <message>
            <source>Pending</source>
            <translation>Wartend</translation>
        </message>
        <message>
            <source>Positive</source>
            <translation>Positiv</translation>
        </message>
        <message>
            <source>Praise</source>
            <translation>Lob</translation>
        </message>
        <message>
            <source>Priority</source>
            <translation>Priorität</translation>
        </message>
        <message>
            <source>Priority %1, because:</source>
            <translation>Priorität %1, weil:</translation>
        </message>
        <message>
            <source>Question</source>
            <translation>Frage</translation>
        </message>
        <message>
            <source>Reach</source>
            <translation>Reichweite</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Abgeschlossen</translation>
        </message>
        <message>
            <source>SLA</source>
            <translation>SLA</translation>
        </message>
        <message>
            <source>Sentiment</source>
            <translation>Stimmung</translation>
        </message>
        <message>
            <source>Snoozed</source>
            <translation>Zurückgestellt</translation>
        </message>
        <message>
            <source>Spam</source>
            <translation>Spam</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>at risk</source>
            <translation>gefährdet</translation>
        </message>
        <message>
            <source>breached</source>
            <translation>überschritten</translation>
        </message>
        <message>
            <source>claimed by %1</source>
            <translation>übernommen von %1</translation>
        </message>
        <message>
            <source>first response</source>
            <translation>Erstreaktion</translation>
        </message>
        <message>
            <source>met</source>
            <translation>eingehalten</translation>
        </message>
        <message>
            <source>none</source>
            <translation>keine</translation>
        </message>
        <message>
            <source>ok</source>
            <translation>ok</translation>
        </message>
        <message>
            <source>resolution</source>
            <translation>Lösung</translation>
        </message>
    </context>
    <context>
        <name>QueueView</name>
        <message>
            <source>Columns (drag headers to reorder)</source>
            <translation>Spalten (Köpfe ziehen, um sie umzuordnen)</translation>
        </message>
        <message>
            <source>Goes to the top of the queue</source>
            <translation>Springt an den Anfang der Warteschlange</translation>
        </message>
        <message>
            <source>Mention queue</source>
            <translation>Warteschlange der Erwähnungen</translation>
        </message>
        <message>
            <source>Mentions matching the filters; the arrows move between them, Enter opens the case</source>
            <translation>Erwähnungen, die zu den Filtern passen; die Pfeiltasten wechseln zwischen ihnen, Enter öffnet den Fall</translation>
        </message>
        <message>
            <source>Reset columns</source>
            <translation>Spalten zurücksetzen</translation>
        </message>
        <message>
            <source>{n:,} new mentions above</source>
            <translation>{n:,} neue Erwähnungen oben</translation>
        </message>
        <message>
            <source>↑ {n:,} new</source>
            <translation>↑ {n:,} neu</translation>
        </message>
    </context>
    <context>
        <name>ReplayDialog</name>
        <message>
            <source>&amp;Export PDF report…</source>
            <translation>PDF-Bericht &amp;exportieren…</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>Antwort</translation>
        </message>
        <message>
            <source>Conversation at this point</source>
            <translation>Unterhaltung an dieser Stelle</translation>
        </message>
        <message>
            <source>Event {n} of {total} · {at}</source>
            <translation>Ereignis {n} von {total} · {at}</translation>
        </message>
        <message>
            <source>Events</source>
            <translation>Ereignisse</translation>
        </message>
        <message>
            <source>Every event of the case in order; selecting one moves the replay there</source>
            <translation>Jedes Ereignis des Falls der Reihe nach; die Auswahl eines Ereignisses setzt die Wiedergabe dorthin</translation>
        </message>
        <message>
            <source>Guidance path so far</source>
            <translation>Bisheriger Leitfadenpfad</translation>
        </message>
        <message>
            <source>Guidance step</source>
            <translation>Leitfadenschritt</translation>
        </message>
        <message>
            <source>How</source>
            <translation>Wie</translation>
        </message>
        <message>
            <source>Internal notes written up to this event</source>
            <translation>Bis zu diesem Ereignis geschriebene interne Notizen</translation>
        </message>
        <message>
            <source>No guidance used yet.</source>
            <translation>Noch kein Leitfaden verwendet.</translation>
        </message>
        <message>
            <source>No notes yet.</source>
            <translation>Noch keine Notizen.</translation>
        </message>
        <message>
            <source>Note: {text}</source>
            <translation>Notiz: {text}</translation>
        </message>
        <message>
            <source>Notes so far</source>
            <translation>Bisherige Notizen</translation>
        </message>
        <message>
            <source>Play or pause (Space)</source>
            <translation>Abspielen oder anhalten (Leertaste)</translation>
        </message>
        <message>
            <source>Reading the case from this desk's cache…</source>
            <translation>Fall wird aus dem Cache dieses Arbeitsplatzes gelesen…</translation>
        </message>
        <message>
            <source>Replay case</source>
            <translation>Fall wiedergeben</translation>
        </message>
        <message>
            <source>Replay: {network} &lt;b&gt;{account}&lt;/b&gt; · {customer} · opened {opened}</source>
            <translation>Wiedergabe: {network} &lt;b&gt;{account}&lt;/b&gt; · {customer} · eröffnet {opened}</translation>
        </message>
        <message>
            <source>Show what came &amp;later (greyed)</source>
            <translation>Zeigen, was &amp;später kam (ausgegraut)</translation>
        </message>
        <message>
            <source>Suggested “{option}” as {why}</source>
            <translation>„{option}“ vorgeschlagen, da {why}</translation>
        </message>
        <message>
            <source>The arrows step one event; Home and End go to the first and last</source>
            <translation>Die Pfeiltasten gehen ein Ereignis weiter; Pos1 und Ende springen zum ersten und letzten</translation>
        </message>
        <message>
            <source>The case could not be replayed: {error}</source>
            <translation>Der Fall konnte nicht wiedergegeben werden: {error}</translation>
        </message>
        <message>
            <source>The customer wrote again after the answer.</source>
            <translation>Der Kunde hat nach der Antwort erneut geschrieben.</translation>
        </message>
        <message>
            <source>The guidance steps taken up to this event</source>
            <translation>Die bis zu diesem Ereignis gegangenen Leitfadenschritte</translation>
        </message>
        <message>
            <source>The messages and replies as they stood at this event</source>
            <translation>Nachrichten und Antworten, wie sie bei diesem Ereignis standen</translation>
        </message>
        <message>
            <source>This case is not in the local cache.</source>
            <translation>Dieser Fall ist nicht im lokalen Cache.</translation>
        </message>
        <message>
            <source>This event</source>
            <translation>Dieses Ereignis</translation>
        </message>
        <message>
            <source>Timeline: one step per event</source>
            <translation>Zeitleiste: ein Schritt pro Ereignis</translation>
        </message>
        <message>
            <source>What</source>
            <translation>Was</translation>
        </message>
        <message>
            <source>What the customer said next</source>
            <translation>Was der Kunde danach sagte</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Wann</translation>
        </message>
        <message>
            <source>escalated to {team}</source>
            <translation>an {team} eskaliert</translation>
        </message>
        <message>
            <source>no customer message</source>
            <translation>keine Kundennachricht</translation>
        </message>
        <message>
            <source>⏸ Pause</source>
            <translation>⏸ Pause</translation>
        </message>
        <message>
            <source>▶ Play</source>
            <translation>▶ Abspielen</translation>
        </message>
    </context>
    <context>
        <name>ReplayText</name>
        <message>
            <source>(not answered yet)</source>
            <translation>(noch nicht beantwortet)</translation>
        </message>
        <message>
            <source>Assigned to</source>
            <translation>Zugewiesen an</translation>
        </message>
        <message>
            <source>Claimed by</source>
            <translation>Übernommen von</translation>
        </message>
        <message>
            <source>Priority</source>
            <translation>Priorität</translation>
        </message>
        <message>
            <source>Sentiment</source>
            <translation>Stimmung</translation>
        </message>
        <message>
            <source>Service level</source>
            <translation>Servicelevel</translation>
        </message>
        <message>
            <source>Since the first message</source>
            <translation>Seit der ersten Nachricht</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Markierungen</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>Team</translation>
        </message>
        <message>
            <source>The customer wrote nothing after this point.</source>
            <translation>Der Kunde hat danach nichts mehr geschrieben.</translation>
        </message>
        <message>
            <source>answered</source>
            <translation>beantwortet</translation>
        </message>
        <message>
            <source>by hand</source>
            <translation>von Hand</translation>
        </message>
        <message>
            <source>first response</source>
            <translation>Erstreaktion</translation>
        </message>
        <message>
            <source>new</source>
            <translation>neu</translation>
        </message>
        <message>
            <source>nobody</source>
            <translation>niemand</translation>
        </message>
        <message>
            <source>none</source>
            <translation>keine</translation>
        </message>
        <message>
            <source>not claimed</source>
            <translation>nicht übernommen</translation>
        </message>
        <message>
            <source>not routed yet</source>
            <translation>noch nicht geroutet</translation>
        </message>
        <message>
            <source>open</source>
            <translation>offen</translation>
        </message>
        <message>
            <source>overrode “{suggested}”</source>
            <translation>„{suggested}“ übergangen</translation>
        </message>
        <message>
            <source>pending (waiting for the customer)</source>
            <translation>wartend (auf den Kunden)</translation>
        </message>
        <message>
            <source>reopened {n}×</source>
            <translation>{n}× wieder geöffnet</translation>
        </message>
        <message>
            <source>resolution</source>
            <translation>Lösung</translation>
        </message>
        <message>
            <source>resolved</source>
            <translation>abgeschlossen</translation>
        </message>
        <message>
            <source>sentiment {score:+.1f}</source>
            <translation>Stimmung {score:+.1f}</translation>
        </message>
        <message>
            <source>snoozed until {at}</source>
            <translation>zurückgestellt bis {at}</translation>
        </message>
        <message>
            <source>suggestion taken</source>
            <translation>Vorschlag angenommen</translation>
        </message>
        <message>
            <source>{after:+.2f} after it ({change})</source>
            <translation>{after:+.2f} danach ({change})</translation>
        </message>
        <message>
            <source>{author}, {later} later ({at})</source>
            <translation>{author}, {later} später ({at})</translation>
        </message>
        <message>
            <source>{before:+.2f} before the first answer</source>
            <translation>{before:+.2f} vor der ersten Antwort</translation>
        </message>
        <message>
            <source>{count} followers</source>
            <translation>{count} Follower</translation>
        </message>
        <message>
            <source>{name} (lease ran out)</source>
            <translation>{name} (Frist abgelaufen)</translation>
        </message>
        <message>
            <source>{name} at risk: {left} left</source>
            <translation>{name} gefährdet: noch {left}</translation>
        </message>
        <message>
            <source>{name} due in {left}</source>
            <translation>{name} fällig in {left}</translation>
        </message>
        <message>
            <source>{name} in time ({at})</source>
            <translation>{name} rechtzeitig ({at})</translation>
        </message>
        <message>
            <source>{name} late ({at})</source>
            <translation>{name} verspätet ({at})</translation>
        </message>
        <message>
            <source>{name} overdue by {late}</source>
            <translation>{name} überfällig seit {late}</translation>
        </message>
        <message>
            <source>{tree}: ended as {disposition}</source>
            <translation>{tree}: beendet als {disposition}</translation>
        </message>
        <message>
            <source>{tree}: in progress</source>
            <translation>{tree}: läuft</translation>
        </message>
    </context>
    <context>
        <name>ReplyEditor</name>
        <message>
            <source>The reply to the customer; Tab moves on to Send</source>
            <translation>Die Antwort an den Kunden; Tab geht weiter zu Senden</translation>
        </message>
    </context>
    <context>
        <name>ReplyProgress</name>
        <message>
            <source>Status of the last reply</source>
            <translation>Status der letzten Antwort</translation>
        </message>
        <message>
            <source>Your reply: {status}</source>
            <translation>Ihre Antwort: {status}</translation>
        </message>
    </context>
    <context>
        <name>ReplyStatus</name>
        <message>
            <source>failed: {reason}</source>
            <translation>fehlgeschlagen: {reason}</translation>
        </message>
        <message>
            <source>needs review: {reason}</source>
            <translation>muss geprüft werden: {reason}</translation>
        </message>
        <message>
            <source>published</source>
            <translation>veröffentlicht</translation>
        </message>
        <message>
            <source>queued</source>
            <translation>eingereiht</translation>
        </message>
        <message>
            <source>queued (in the outbox, not at the hub yet)</source>
            <translation>eingereiht (im Postausgang, noch nicht beim Hub)</translation>
        </message>
        <message>
            <source>queued at the hub</source>
            <translation>beim Hub eingereiht</translation>
        </message>
        <message>
            <source>queued at the hub · {reason}</source>
            <translation>beim Hub eingereiht · {reason}</translation>
        </message>
        <message>
            <source>refused by the hub: {reason}</source>
            <translation>vom Hub abgelehnt: {reason}</translation>
        </message>
        <message>
            <source>sending · {reason}</source>
            <translation>wird gesendet · {reason}</translation>
        </message>
        <message>
            <source>sending…</source>
            <translation>wird gesendet…</translation>
        </message>
    </context>
    <context>
        <name>ResolveDialog</name>
        <message>
            <source>&amp;Resolve</source>
            <translation>&amp;Abschließen</translation>
        </message>
        <message>
            <source>Closing &amp;note (optional):</source>
            <translation>Abschluss&amp;notiz (optional):</translation>
        </message>
        <message>
            <source>Closing note</source>
            <translation>Abschlussnotiz</translation>
        </message>
        <message>
            <source>Dispositions</source>
            <translation>Abschlussgründe</translation>
        </message>
        <message>
            <source>Dispositions under their outcome; the arrows choose, Enter resolves</source>
            <translation>Abschlussgründe unter ihrem Ergebnis; die Pfeiltasten wählen, Enter schließt ab</translation>
        </message>
        <message>
            <source>Escalated</source>
            <translation>Eskaliert</translation>
        </message>
        <message>
            <source>Find a disposition</source>
            <translation>Abschlussgrund suchen</translation>
        </message>
        <message>
            <source>No action needed</source>
            <translation>Keine Aktion nötig</translation>
        </message>
        <message>
            <source>No disposition matches.</source>
            <translation>Kein Abschlussgrund passt.</translation>
        </message>
        <message>
            <source>Optional: what was done, kept with the resolved case</source>
            <translation>Optional: was getan wurde, beim abgeschlossenen Fall aufbewahrt</translation>
        </message>
        <message>
            <source>Resolve case</source>
            <translation>Fall abschließen</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Abgeschlossen</translation>
        </message>
        <message>
            <source>The closing note has {n} characters; {max} at most.</source>
            <translation>Die Abschlussnotiz hat {n} Zeichen; höchstens {max}.</translation>
        </message>
        <message>
            <source>Type to find a disposition…</source>
            <translation>Tippen, um einen Abschlussgrund zu finden…</translation>
        </message>
        <message>
            <source>What was done, for whoever reads the case next</source>
            <translation>Was getan wurde, für alle, die den Fall als Nächstes lesen</translation>
        </message>
    </context>
    <context>
        <name>RowsModel</name>
        <message>
            <source>Account</source>
            <translation>Konto</translation>
        </message>
        <message>
            <source>Agent</source>
            <translation>Agent</translation>
        </message>
        <message>
            <source>At risk</source>
            <translation>Gefährdet</translation>
        </message>
        <message>
            <source>Breached</source>
            <translation>Überschritten</translation>
        </message>
        <message>
            <source>Cases</source>
            <translation>Fälle</translation>
        </message>
        <message>
            <source>Current case</source>
            <translation>Aktueller Fall</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>Kunde</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>Fällig</translation>
        </message>
        <message>
            <source>Handle time</source>
            <translation>Bearbeitungszeit</translation>
        </message>
        <message>
            <source>Handled</source>
            <translation>Bearbeitet</translation>
        </message>
        <message>
            <source>Holding</source>
            <translation>Hält</translation>
        </message>
        <message>
            <source>Network</source>
            <translation>Netzwerk</translation>
        </message>
        <message>
            <source>Oldest</source>
            <translation>Ältester</translation>
        </message>
        <message>
            <source>Presence</source>
            <translation>Anwesenheit</translation>
        </message>
        <message>
            <source>Priority</source>
            <translation>Priorität</translation>
        </message>
        <message>
            <source>SLA</source>
            <translation>SLA</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>Team</translation>
        </message>
        <message>
            <source>Teams</source>
            <translation>Teams</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>Wartet</translation>
        </message>
        <message>
            <source>With</source>
            <translation>Bei</translation>
        </message>
    </context>
    <context>
        <name>SendCountdown</name>
        <message>
            <source>Sending in {n} s · Undo (Ctrl+Z)</source>
            <translation>Senden in {n} s · Rückgängig (Ctrl+Z)</translation>
        </message>
        <message>
            <source>Sending soon</source>
            <translation>Wird gleich gesendet</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>Rückgängig</translation>
        </message>
        <message>
            <source>Undo sending</source>
            <translation>Senden rückgängig machen</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source> days</source>
            <translation> Tage</translation>
        </message>
        <message>
            <source>&amp;Appearance</source>
            <translation>&amp;Darstellung</translation>
        </message>
        <message>
            <source>&amp;Crisis alerts</source>
            <translation>&amp;Krisenwarnungen</translation>
        </message>
        <message>
            <source>&amp;History</source>
            <translation>&amp;Verlauf</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>&amp;Sprache</translation>
        </message>
        <message>
            <source>&amp;Mentions in case notes</source>
            <translation>&amp;Erwähnungen in Fallnotizen</translation>
        </message>
        <message>
            <source>&amp;Notifications</source>
            <translation>&amp;Benachrichtigungen</translation>
        </message>
        <message>
            <source>&amp;Reset all to defaults</source>
            <translation>Alle auf Standard &amp;zurücksetzen</translation>
        </message>
        <message>
            <source>&amp;Sound</source>
            <translation>&amp;Ton</translation>
        </message>
        <message>
            <source>&amp;Team notes from supervisors</source>
            <translation>&amp;Teamnotizen von Supervisoren</translation>
        </message>
        <message>
            <source>&amp;Theme</source>
            <translation>&amp;Farbschema</translation>
        </message>
        <message>
            <source>A new language applies at the next start.</source>
            <translation>Eine neue Sprache gilt ab dem nächsten Start.</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Aktion</translation>
        </message>
        <message>
            <source>All history</source>
            <translation>Gesamter Verlauf</translation>
        </message>
        <message>
            <source>Applies after restart. --history-days on the command line and HORSESHOE_HISTORY_DAYS win over this value; changing the horizon refills the cache from the hub.</source>
            <translation>Gilt nach einem Neustart. --history-days auf der Befehlszeile und HORSESHOE_HISTORY_DAYS haben Vorrang vor diesem Wert; ein geänderter Zeitraum füllt den Cache neu vom Hub.</translation>
        </message>
        <message>
            <source>Assi&amp;gn</source>
            <translation>&amp;Zuweisen</translation>
        </message>
        <message>
            <source>Cases &amp;assigned to me</source>
            <translation>Mir &amp;zugewiesene Fälle</translation>
        </message>
        <message>
            <source>Changes are saved as you make them.</source>
            <translation>Änderungen werden sofort gespeichert.</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>Dunkel</translation>
        </message>
        <message>
            <source>Default: {key}</source>
            <translation>Standard: {key}</translation>
        </message>
        <message>
            <source>Each action and its key; choose one, then press its new key in the field below</source>
            <translation>Jede Aktion und ihre Taste; eine wählen, dann die neue Taste im Feld darunter drücken</translation>
        </message>
        <message>
            <source>High contrast</source>
            <translation>Hoher Kontrast</translation>
        </message>
        <message>
            <source>History horizon</source>
            <translation>Verlaufszeitraum</translation>
        </message>
        <message>
            <source>Hub</source>
            <translation>Hub</translation>
        </message>
        <message>
            <source>Key</source>
            <translation>Taste</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>Tastenkürzel</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>Hell</translation>
        </message>
        <message>
            <source>M&amp;ute all desktop notifications</source>
            <translation>Alle Desktop-Benachrichtigungen &amp;stummschalten</translation>
        </message>
        <message>
            <source>New &amp;key:</source>
            <translation>Neue &amp;Taste:</translation>
        </message>
        <message>
            <source>New key for the selected action</source>
            <translation>Neue Taste für die ausgewählte Aktion</translation>
        </message>
        <message>
            <source>Press the key; a key another action has is refused</source>
            <translation>Die Taste drücken; eine Taste, die eine andere Aktion hat, wird abgelehnt</translation>
        </message>
        <message>
            <source>Requests for a case I &amp;hold</source>
            <translation>Anfragen nach einem Fall, den ich &amp;halte</translation>
        </message>
        <message>
            <source>S&amp;hortcuts</source>
            <translation>&amp;Tastenkürzel</translation>
        </message>
        <message>
            <source>S&amp;ync</source>
            <translation>S&amp;ynchronisierung</translation>
        </message>
        <message>
            <source>SLA &amp;breaches</source>
            <translation>SLA-&amp;Überschreitungen</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Einstellungen</translation>
        </message>
        <message>
            <source>Settings pages</source>
            <translation>Einstellungsseiten</translation>
        </message>
        <message>
            <source>System</source>
            <translation>System</translation>
        </message>
        <message>
            <source>Text &amp;size</source>
            <translation>&amp;Schriftgröße</translation>
        </message>
        <message>
            <source>Text size</source>
            <translation>Schriftgröße</translation>
        </message>
        <message>
            <source>Theme</source>
            <translation>Farbschema</translation>
        </message>
    </context>
    <context>
        <name>ShortcutMap</name>
        <message>
            <source>Press a key for this action.</source>
            <translation>Drücken Sie eine Taste für diese Aktion.</translation>
        </message>
        <message>
            <source>{key} already does “{action}”. Change that one first.</source>
            <translation>{key} löst bereits „{action}“ aus. Ändern Sie zuerst diese Belegung.</translation>
        </message>
    </context>
    <context>
        <name>Shortcuts</name>
        <message>
            <source>Add a note to the case (@name tells a colleague)…</source>
            <translation>Dem Fall eine Notiz hinzufügen (@Name benachrichtigt einen Kollegen)…</translation>
        </message>
        <message>
            <source>Anywhere in the main window</source>
            <translation>Überall im Hauptfenster</translation>
        </message>
        <message>
            <source>Archive: replay the selected case</source>
            <translation>Archiv: den gewählten Fall wiedergeben</translation>
        </message>
        <message>
            <source>Assign the selected cases to someone, to you, or to nobody…</source>
            <translation>Die ausgewählten Fälle jemandem, Ihnen selbst oder niemandem zuweisen…</translation>
        </message>
        <message>
            <source>Back from the case pane to the queue</source>
            <translation>Vom Fallbereich zurück zur Warteschlange</translation>
        </message>
        <message>
            <source>Back to the previous decision</source>
            <translation>Zurück zur vorigen Entscheidung</translation>
        </message>
        <message>
            <source>Canned responses in the composer</source>
            <translation>Textbausteine im Antworteditor</translation>
        </message>
        <message>
            <source>Case pane and composer</source>
            <translation>Fallbereich und Antworteditor</translation>
        </message>
        <message>
            <source>Cases (on the selected mentions)</source>
            <translation>Fälle (für die gewählten Erwähnungen)</translation>
        </message>
        <message>
            <source>Choose an option</source>
            <translation>Eine Option wählen</translation>
        </message>
        <message>
            <source>Claim the selected cases</source>
            <translation>Die ausgewählten Fälle übernehmen</translation>
        </message>
        <message>
            <source>Close the keyboard shortcuts or the guide</source>
            <translation>Die Tastenkürzel oder das Handbuch schließen</translation>
        </message>
        <message>
            <source>Conversation / timeline / customer, in the case pane</source>
            <translation>Unterhaltung / Zeitleiste / Kunde im Fallbereich</translation>
        </message>
        <message>
            <source>Dialogs and pickers</source>
            <translation>Dialoge und Auswahllisten</translation>
        </message>
        <message>
            <source>Floor view (supervisors)</source>
            <translation>Leitstand (Supervisoren)</translation>
        </message>
        <message>
            <source>Get next: claim the case you should work on now</source>
            <translation>Nächsten holen: den Fall übernehmen, der jetzt dran ist</translation>
        </message>
        <message>
            <source>Guidance panel (after Ctrl+G or a click)</source>
            <translation>Leitfaden (nach Ctrl+G oder einem Klick)</translation>
        </message>
        <message>
            <source>Guidance: the decision-tree panel takes the keyboard</source>
            <translation>Leitfaden: der Entscheidungsbaum erhält die Tastatur</translation>
        </message>
        <message>
            <source>Hand the selected cases off to another team, with a reason…</source>
            <translation>Die ausgewählten Fälle mit Begründung an ein anderes Team übergeben…</translation>
        </message>
        <message>
            <source>Hide the selected customer message on its network (X, Facebook, Instagram)</source>
            <translation>Die ausgewählte Kundennachricht in ihrem Netzwerk ausblenden (X, Facebook, Instagram)</translation>
        </message>
        <message>
            <source>Jump to a step or a template</source>
            <translation>Zu einem Schritt oder einer Vorlage springen</translation>
        </message>
        <message>
            <source>Keyboard shortcuts (this list)</source>
            <translation>Tastenkürzel (diese Liste)</translation>
        </message>
        <message>
            <source>Leave the quick search (back to the queue)</source>
            <translation>Die Schnellsuche verlassen (zurück zur Warteschlange)</translation>
        </message>
        <message>
            <source>Leave the wall board</source>
            <translation>Die Wandanzeige verlassen</translation>
        </message>
        <message>
            <source>Map of the whole tree, the way taken highlighted</source>
            <translation>Karte des ganzen Baums, der gegangene Weg hervorgehoben</translation>
        </message>
        <message>
            <source>Move through the list while typing to narrow it</source>
            <translation>Durch die Liste gehen, während Tippen sie eingrenzt</translation>
        </message>
        <message>
            <source>Next mention (loads more at the end)</source>
            <translation>Nächste Erwähnung (lädt am Ende weitere)</translation>
        </message>
        <message>
            <source>Note on the current step</source>
            <translation>Notiz zum aktuellen Schritt</translation>
        </message>
        <message>
            <source>Open the case in the side pane</source>
            <translation>Den Fall im Seitenbereich öffnen</translation>
        </message>
        <message>
            <source>Previous mention</source>
            <translation>Vorige Erwähnung</translation>
        </message>
        <message>
            <source>Queue (on the selected mentions)</source>
            <translation>Warteschlange (für die gewählten Erwähnungen)</translation>
        </message>
        <message>
            <source>Quick search</source>
            <translation>Schnellsuche</translation>
        </message>
        <message>
            <source>Release the selected cases</source>
            <translation>Die ausgewählten Fälle freigeben</translation>
        </message>
        <message>
            <source>Reopen the selected cases</source>
            <translation>Die ausgewählten Fälle wieder öffnen</translation>
        </message>
        <message>
            <source>Replay and case archive</source>
            <translation>Wiedergabe und Fallarchiv</translation>
        </message>
        <message>
            <source>Replay the selected case event by event (←/→, Home/End, Space plays)</source>
            <translation>Den ausgewählten Fall Ereignis für Ereignis wiedergeben (←/→, Pos1/Ende, Leertaste spielt ab)</translation>
        </message>
        <message>
            <source>Replay: first / last event</source>
            <translation>Wiedergabe: erstes / letztes Ereignis</translation>
        </message>
        <message>
            <source>Replay: play / pause</source>
            <translation>Wiedergabe: abspielen / anhalten</translation>
        </message>
        <message>
            <source>Replay: previous / next event</source>
            <translation>Wiedergabe: voriges / nächstes Ereignis</translation>
        </message>
        <message>
            <source>Resolve the selected cases as spam</source>
            <translation>Die ausgewählten Fälle als Spam abschließen</translation>
        </message>
        <message>
            <source>Resolve the selected cases with a disposition…</source>
            <translation>Die ausgewählten Fälle mit einem Abschlussgrund abschließen…</translation>
        </message>
        <message>
            <source>Save the note, or resolve, from inside the text you are writing</source>
            <translation>Die Notiz speichern oder lösen, direkt aus dem Text, den Sie schreiben</translation>
        </message>
        <message>
            <source>Search the guide</source>
            <translation>Im Handbuch suchen</translation>
        </message>
        <message>
            <source>Select several mentions</source>
            <translation>Mehrere Erwähnungen auswählen</translation>
        </message>
        <message>
            <source>Send the reply (after 5 s to undo)</source>
            <translation>Die Antwort senden (nach 5 s zum Rückgängigmachen)</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Einstellungen</translation>
        </message>
        <message>
            <source>Snooze the selected cases until a time…</source>
            <translation>Die ausgewählten Fälle bis zu einem Zeitpunkt zurückstellen…</translation>
        </message>
        <message>
            <source>Start; accept the suggestion (its why is shown); do the step</source>
            <translation>Starten; den Vorschlag annehmen (sein Grund wird gezeigt); den Schritt ausführen</translation>
        </message>
        <message>
            <source>Tag the selected cases…</source>
            <translation>Die ausgewählten Fälle markieren…</translation>
        </message>
        <message>
            <source>Take the highlighted choice</source>
            <translation>Die hervorgehobene Wahl übernehmen</translation>
        </message>
        <message>
            <source>Undo the send, during those 5 s</source>
            <translation>Das Senden rückgängig machen, während dieser 5 s</translation>
        </message>
        <message>
            <source>User guide window</source>
            <translation>Fenster des Benutzerhandbuchs</translation>
        </message>
        <message>
            <source>User guide: how to do each task, for each role</source>
            <translation>Benutzerhandbuch: wie jede Aufgabe geht, für jede Rolle</translation>
        </message>
        <message>
            <source>Wall board: full screen, large type</source>
            <translation>Wandanzeige: Vollbild, große Schrift</translation>
        </message>
    </context>
    <context>
        <name>SignInDialog</name>
        <message>
            <source>&amp;Password</source>
            <translation>&amp;Passwort</translation>
        </message>
        <message>
            <source>&amp;Username</source>
            <translation>&amp;Benutzername</translation>
        </message>
        <message>
            <source>No secure keyring: you will sign in again next time.</source>
            <translation>Kein sicherer Schlüsselbund: Sie melden sich beim nächsten Mal erneut an.</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Passwort</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Anmelden</translation>
        </message>
        <message>
            <source>Sign in to Horseshoe</source>
            <translation>Bei Horseshoe anmelden</translation>
        </message>
        <message>
            <source>Sign in to the hub at {hub}.</source>
            <translation>Beim Hub unter {hub} anmelden.</translation>
        </message>
        <message>
            <source>Signing in…</source>
            <translation>Anmeldung läuft…</translation>
        </message>
        <message>
            <source>Username</source>
            <translation>Benutzername</translation>
        </message>
        <message>
            <source>Your password; it is sent to the hub only</source>
            <translation>Ihr Passwort; es wird nur an den Hub gesendet</translation>
        </message>
        <message>
            <source>Your sign-in is kept in the system keyring.</source>
            <translation>Ihre Anmeldung wird im Schlüsselbund des Systems aufbewahrt.</translation>
        </message>
        <message>
            <source>Your user name on the hub</source>
            <translation>Ihr Benutzername auf dem Hub</translation>
        </message>
    </context>
    <context>
        <name>SignInPage</name>
        <message>
            <source>&amp;Password</source>
            <translation>&amp;Passwort</translation>
        </message>
        <message>
            <source>&amp;Sign in</source>
            <translation>&amp;Anmelden</translation>
        </message>
        <message>
            <source>&amp;Username</source>
            <translation>&amp;Benutzername</translation>
        </message>
        <message>
            <source>No secure keyring: you will sign in again next time.</source>
            <translation>Kein sicherer Schlüsselbund: Sie melden sich beim nächsten Mal erneut an.</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Passwort</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Anmelden</translation>
        </message>
        <message>
            <source>Sign in to the hub at {hub}.</source>
            <translation>Beim Hub unter {hub} anmelden.</translation>
        </message>
        <message>
            <source>Signed in as {name}.</source>
            <translation>Angemeldet als {name}.</translation>
        </message>
        <message>
            <source>Signing in…</source>
            <translation>Anmeldung läuft…</translation>
        </message>
        <message>
            <source>Username</source>
            <translation>Benutzername</translation>
        </message>
        <message>
            <source>Your sign-in is kept in the system keyring.</source>
            <translation>Ihre Anmeldung wird im Schlüsselbund des Systems aufbewahrt.</translation>
        </message>
        <message>
            <source>Your username and password on this hub.</source>
            <translation>Ihr Benutzername und Passwort auf diesem Hub.</translation>
        </message>
    </context>
    <context>
        <name>SnoozeDialog</name>
        <message>
            <source>&amp;At:</source>
            <translation>&amp;Um:</translation>
        </message>
        <message>
            <source>&amp;Snooze</source>
            <translation>&amp;Zurückstellen</translation>
        </message>
        <message>
            <source>&amp;Tomorrow 09:00</source>
            <translation>&amp;Morgen 09:00</translation>
        </message>
        <message>
            <source>&amp;Wake now</source>
            <translation>Jetzt &amp;wecken</translation>
        </message>
        <message>
            <source>In &amp;1 hour</source>
            <translation>In &amp;1 Stunde</translation>
        </message>
        <message>
            <source>In &amp;4 hours</source>
            <translation>In &amp;4 Stunden</translation>
        </message>
        <message>
            <source>Next &amp;Monday 09:00</source>
            <translation>Nächsten &amp;Montag 09:00</translation>
        </message>
        <message>
            <source>Snooze case</source>
            <translation>Fall zurückstellen</translation>
        </message>
        <message>
            <source>Snooze for 30 days at most; for longer, resolve the case instead.</source>
            <translation>Höchstens 30 Tage zurückstellen; für länger schließen Sie den Fall stattdessen ab.</translation>
        </message>
        <message>
            <source>Snooze until date and time</source>
            <translation>Zurückstellen bis Datum und Uhrzeit</translation>
        </message>
        <message>
            <source>Snoozed now until {when}.</source>
            <translation>Jetzt zurückgestellt bis {when}.</translation>
        </message>
        <message>
            <source>Take the case out of the queue until:</source>
            <translation>Den Fall aus der Warteschlange nehmen bis:</translation>
        </message>
        <message>
            <source>That time has passed: choose a time later than now.</source>
            <translation>Dieser Zeitpunkt ist vorbei: Wählen Sie einen späteren.</translation>
        </message>
    </context>
    <context>
        <name>StepView</name>
        <message>
            <source> (optional)</source>
            <translation> (optional)</translation>
        </message>
        <message>
            <source>(not given)</source>
            <translation>(nicht angegeben)</translation>
        </message>
        <message>
            <source>1  Do it  (Enter)</source>
            <translation>1  Ausführen  (Enter)</translation>
        </message>
        <message>
            <source>1  Escalate, with the reason…  (Enter)</source>
            <translation>1  Eskalieren, mit Begründung…  (Enter)</translation>
        </message>
        <message>
            <source>2  It cannot be done: take the failure way</source>
            <translation>2  Nicht möglich: den Fehlerweg nehmen</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Aktion</translation>
        </message>
        <message>
            <source>Assign the case to {value}</source>
            <translation>Den Fall {value} zuweisen</translation>
        </message>
        <message>
            <source>Continue  (Enter)</source>
            <translation>Weiter  (Enter)</translation>
        </message>
        <message>
            <source>Disposition: {d}</source>
            <translation>Abschlussgrund: {d}</translation>
        </message>
        <message>
            <source>Ended</source>
            <translation>Beendet</translation>
        </message>
        <message>
            <source>Escalate</source>
            <translation>Eskalieren</translation>
        </message>
        <message>
            <source>Fill in what the customer sent</source>
            <translation>Ausfüllen, was der Kunde geschickt hat</translation>
        </message>
        <message>
            <source>Guidance for this case.</source>
            <translation>Leitfaden für diesen Fall.</translation>
        </message>
        <message>
            <source>Hand the case to {team}</source>
            <translation>Den Fall an {team} übergeben</translation>
        </message>
        <message>
            <source>Input</source>
            <translation>Eingabe</translation>
        </message>
        <message>
            <source>Not started</source>
            <translation>Nicht begonnen</translation>
        </message>
        <message>
            <source>Path: {path}</source>
            <translation>Pfad: {path}</translation>
        </message>
        <message>
            <source>Question</source>
            <translation>Frage</translation>
        </message>
        <message>
            <source>Set the case's priority to {value}</source>
            <translation>Die Priorität des Falls auf {value} setzen</translation>
        </message>
        <message>
            <source>Start again</source>
            <translation>Neu beginnen</translation>
        </message>
        <message>
            <source>Start the session  (Enter)</source>
            <translation>Sitzung beginnen  (Enter)</translation>
        </message>
        <message>
            <source>Tag the case “{value}”</source>
            <translation>Den Fall mit „{value}“ markieren</translation>
        </message>
        <message>
            <source>Tell {team}</source>
            <translation>{team} informieren</translation>
        </message>
        <message>
            <source>handed off to</source>
            <translation>übergeben an</translation>
        </message>
        <message>
            <source>told</source>
            <translation>informiert</translation>
        </message>
        <message>
            <source>{label} takes a number</source>
            <translation>{label} erwartet eine Zahl</translation>
        </message>
        <message>
            <source>↳ into {tree}@{version}</source>
            <translation>↳ in {tree}@{version}</translation>
        </message>
        <message>
            <source>★ {option} — Enter accepts; any other choice overrides.
Why: {why}</source>
            <translation>★ {option} — Enter nimmt an; jede andere Wahl übergeht.
Warum: {why}</translation>
        </message>
        <message>
            <source>✎ Reply “{name}” put into the composer</source>
            <translation>✎ Antwort „{name}“ in den Editor eingefügt</translation>
        </message>
    </context>
    <context>
        <name>SyncStatusBar</name>
        <message>
            <source>Available</source>
            <translation>Verfügbar</translation>
        </message>
        <message>
            <source>Away</source>
            <translation>Abwesend</translation>
        </message>
        <message>
            <source>Busy</source>
            <translation>Beschäftigt</translation>
        </message>
        <message>
            <source>Connecting to {hub}…</source>
            <translation>Verbinde mit {hub}…</translation>
        </message>
        <message>
            <source>Hub connection</source>
            <translation>Hub-Verbindung</translation>
        </message>
        <message>
            <source>Last sync</source>
            <translation>Letzte Synchronisierung</translation>
        </message>
        <message>
            <source>Never synced</source>
            <translation>Nie synchronisiert</translation>
        </message>
        <message>
            <source>Synced {age} ago</source>
            <translation>Vor {age} synchronisiert</translation>
        </message>
        <message>
            <source>Unsent work</source>
            <translation>Nicht Gesendetes</translation>
        </message>
        <message>
            <source>Your status was set to {status} by {name}</source>
            <translation>Ihr Status wurde von {name} auf {status} gesetzt</translation>
        </message>
        <message>
            <source>Your work is kept on this computer and sent as soon as the hub answers.</source>
            <translation>Ihre Arbeit bleibt auf diesem Computer und wird gesendet, sobald der Hub antwortet.</translation>
        </message>
        <message>
            <source>a supervisor</source>
            <translation>ein Supervisor</translation>
        </message>
        <message>
            <source>{n:,} loaded</source>
            <translation>{n:,} geladen</translation>
        </message>
        <message>
            <source>{total:,} mentions</source>
            <translation>{total:,} Erwähnungen</translation>
        </message>
        <message>
            <source>⇡ {n} unsent · oldest {age}</source>
            <translation>⇡ {n} nicht gesendet · älteste {age}</translation>
        </message>
        <message>
            <source>● Offline · {hub} unreachable, retrying in {retry}</source>
            <translation>● Offline · {hub} nicht erreichbar, neuer Versuch in {retry}</translation>
        </message>
        <message>
            <source>● Online · {hub}</source>
            <translation>● Online · {hub}</translation>
        </message>
        <message>
            <source>● Signed out of {hub} · sign in to sync</source>
            <translation>● Von {hub} abgemeldet · zum Synchronisieren anmelden</translation>
        </message>
        <message>
            <source>● Sync error · retrying in {retry}</source>
            <translation>● Synchronisierungsfehler · neuer Versuch in {retry}</translation>
        </message>
        <message>
            <source>● {hub} is not a Horseshoe hub · retrying in {retry}</source>
            <translation>● {hub} ist kein Horseshoe-Hub · neuer Versuch in {retry}</translation>
        </message>
        <message>
            <source>⚠ Sign-ins not stored securely</source>
            <translation>⚠ Anmeldungen nicht sicher gespeichert</translation>
        </message>
    </context>
    <context>
        <name>TeamNotesDialog</name>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Aktualisieren</translation>
        </message>
        <message>
            <source>Everyone</source>
            <translation>Alle</translation>
        </message>
        <message>
            <source>From</source>
            <translation>Von</translation>
        </message>
        <message>
            <source>No team notes yet.</source>
            <translation>Noch keine Teamnotizen.</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Notiz</translation>
        </message>
        <message>
            <source>Recent team notes, newest first</source>
            <translation>Aktuelle Teamnotizen, neueste zuerst</translation>
        </message>
        <message>
            <source>Team notes</source>
            <translation>Teamnotizen</translation>
        </message>
        <message>
            <source>To</source>
            <translation>An</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Wann</translation>
        </message>
        <message>
            <source>When, from whom, to whom and the note</source>
            <translation>Wann, von wem, an wen und die Notiz</translation>
        </message>
    </context>
    <context>
        <name>Tile</name>
        <message>
            <source>{value} {caption}</source>
            <translation>{value} {caption}</translation>
        </message>
    </context>
    <context>
        <name>TrayNotifications</name>
        <message>
            <source>Counting the queue…</source>
            <translation>Warteschlange wird gezählt…</translation>
        </message>
        <message>
            <source>Quit Horseshoe</source>
            <translation>Horseshoe beenden</translation>
        </message>
        <message>
            <source>Show Horseshoe</source>
            <translation>Horseshoe anzeigen</translation>
        </message>
        <message>
            <source>{queue} in queue · {risk} at risk · {breached} breached</source>
            <translation>{queue} in der Warteschlange · {risk} gefährdet · {breached} überschritten</translation>
        </message>
    </context>
    <context>
        <name>TreeMap</name>
        <message>
            <source>Highlighted: the way taken so far · ringed: where the session is</source>
            <translation>Hervorgehoben: der bisherige Weg · umrandet: wo die Sitzung steht</translation>
        </message>
        <message>
            <source>Map of {title}</source>
            <translation>Karte von {title}</translation>
        </message>
    </context>
    <context>
        <name>TreeReportDialog</name>
        <message>
            <source>&amp;A/B</source>
            <translation>&amp;A/B</translation>
        </message>
        <message>
            <source>&amp;Nodes</source>
            <translation>&amp;Knoten</translation>
        </message>
        <message>
            <source>&amp;Paths</source>
            <translation>&amp;Pfade</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Aktualisieren</translation>
        </message>
        <message>
            <source>&amp;Suggestions</source>
            <translation>&amp;Vorschläge</translation>
        </message>
        <message>
            <source>&amp;Tree:</source>
            <translation>&amp;Baum:</translation>
        </message>
        <message>
            <source>&amp;Versions:</source>
            <translation>&amp;Versionen:</translation>
        </message>
        <message>
            <source>A is v{a}, B is v{b}. {when} Each rate shows its count; a p-value (two-proportion z-test) appears only where both sides have enough sessions, and one small p among many measures can still be chance.</source>
            <translation>A ist v{a}, B ist v{b}. {when} Jede Quote zeigt ihre Anzahl; ein p-Wert (Zwei-Anteile-z-Test) erscheint nur, wo beide Seiten genug Sitzungen haben, und ein kleines p unter vielen Kennzahlen kann trotzdem Zufall sein.</translation>
        </message>
        <message>
            <source>Accepted</source>
            <translation>Angenommen</translation>
        </message>
        <message>
            <source>All versions</source>
            <translation>Alle Versionen</translation>
        </message>
        <message>
            <source>All versions of the tree, or one</source>
            <translation>Alle Versionen des Baums oder eine</translation>
        </message>
        <message>
            <source>Choose two different versions to compare.</source>
            <translation>Wählen Sie zwei verschiedene Versionen zum Vergleich.</translation>
        </message>
        <message>
            <source>Chosen instead</source>
            <translation>Stattdessen gewählt</translation>
        </message>
        <message>
            <source>Compare version</source>
            <translation>Version vergleichen</translation>
        </message>
        <message>
            <source>Comparison</source>
            <translation>Vergleich</translation>
        </message>
        <message>
            <source>Could it be chance?</source>
            <translation>Könnte es Zufall sein?</translation>
        </message>
        <message>
            <source>Decision tree</source>
            <translation>Entscheidungsbaum</translation>
        </message>
        <message>
            <source>Drop-off</source>
            <translation>Abbruch</translation>
        </message>
        <message>
            <source>Each measure in version A and B</source>
            <translation>Jede Kennzahl in Version A und B</translation>
        </message>
        <message>
            <source>Each node with how often it was reached and left</source>
            <translation>Jeder Knoten und wie oft er erreicht und verlassen wurde</translation>
        </message>
        <message>
            <source>Each path through the tree with its sessions and outcomes</source>
            <translation>Jeder Pfad durch den Baum mit seinen Sitzungen und Ergebnissen</translation>
        </message>
        <message>
            <source>Each path's sessions in A and in B</source>
            <translation>Die Sitzungen jedes Pfads in A und in B</translation>
        </message>
        <message>
            <source>Escalated</source>
            <translation>Eskaliert</translation>
        </message>
        <message>
            <source>Measure</source>
            <translation>Kennzahl</translation>
        </message>
        <message>
            <source>Median time</source>
            <translation>Median-Zeit</translation>
        </message>
        <message>
            <source>No guidance sessions recorded for this tree yet.

Sessions are counted here once agents run this tree on cases and their steps have synced.</source>
            <translation>Für diesen Baum sind noch keine Leitfadensitzungen erfasst.

Sitzungen werden hier gezählt, sobald Agenten diesen Baum auf Fälle anwenden und ihre Schritte synchronisiert sind.</translation>
        </message>
        <message>
            <source>No guidance sessions recorded yet.

Run a decision tree on a case from the guidance panel; once its steps have synced, its sessions are counted here.</source>
            <translation>Noch keine Leitfadensitzungen erfasst.

Wenden Sie im Leitfadenbereich einen Entscheidungsbaum auf einen Fall an; sobald seine Schritte synchronisiert sind, werden seine Sitzungen hier gezählt.</translation>
        </message>
        <message>
            <source>Node</source>
            <translation>Knoten</translation>
        </message>
        <message>
            <source>Nodes</source>
            <translation>Knoten</translation>
        </message>
        <message>
            <source>Only one version of this tree has sessions. Publish a second version and run both side by side (cases are split between them) to compare them here.</source>
            <translation>Nur eine Version dieses Baums hat Sitzungen. Veröffentlichen Sie eine zweite Version und lassen Sie beide parallel laufen (die Fälle werden aufgeteilt), um sie hier zu vergleichen.</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>Ergebnis</translation>
        </message>
        <message>
            <source>Overridden</source>
            <translation>Übergangen</translation>
        </message>
        <message>
            <source>Override rate</source>
            <translation>Übergehungsquote</translation>
        </message>
        <message>
            <source>Path</source>
            <translation>Pfad</translation>
        </message>
        <message>
            <source>Paths compared</source>
            <translation>Verglichene Pfade</translation>
        </message>
        <message>
            <source>Paths taken</source>
            <translation>Gegangene Pfade</translation>
        </message>
        <message>
            <source>Reached</source>
            <translation>Erreicht</translation>
        </message>
        <message>
            <source>Reading the sessions of {tree}…</source>
            <translation>Sitzungen von {tree} werden gelesen…</translation>
        </message>
        <message>
            <source>Report pages</source>
            <translation>Berichtsseiten</translation>
        </message>
        <message>
            <source>Sentiment change</source>
            <translation>Stimmungsänderung</translation>
        </message>
        <message>
            <source>Sessions</source>
            <translation>Sitzungen</translation>
        </message>
        <message>
            <source>Sessions in A</source>
            <translation>Sitzungen in A</translation>
        </message>
        <message>
            <source>Sessions in B</source>
            <translation>Sitzungen in B</translation>
        </message>
        <message>
            <source>Sessions started while both ran: {start} – {end}.</source>
            <translation>Sitzungen, die begannen, während beide liefen: {start} – {end}.</translation>
        </message>
        <message>
            <source>Share</source>
            <translation>Anteil</translation>
        </message>
        <message>
            <source>Shown</source>
            <translation>Angezeigt</translation>
        </message>
        <message>
            <source>Stopped here</source>
            <translation>Hier beendet</translation>
        </message>
        <message>
            <source>Suggested</source>
            <translation>Vorgeschlagen</translation>
        </message>
        <message>
            <source>Suggested changes to the tree from its sessions</source>
            <translation>Vorgeschlagene Änderungen am Baum aus seinen Sitzungen</translation>
        </message>
        <message>
            <source>Suggestions</source>
            <translation>Vorschläge</translation>
        </message>
        <message>
            <source>The guidance tree the report is about</source>
            <translation>Der Leitfadenbaum, um den es im Bericht geht</translation>
        </message>
        <message>
            <source>The report could not be read: {error}</source>
            <translation>Der Bericht konnte nicht gelesen werden: {error}</translation>
        </message>
        <message>
            <source>The version compared</source>
            <translation>Die verglichene Version</translation>
        </message>
        <message>
            <source>The version it is compared against</source>
            <translation>Die Version, mit der verglichen wird</translation>
        </message>
        <message>
            <source>These versions never ran at the same time, so this compares two periods as well.</source>
            <translation>Diese Versionen liefen nie gleichzeitig, daher werden auch zwei Zeiträume verglichen.</translation>
        </message>
        <message>
            <source>Tree report</source>
            <translation>Baumbericht</translation>
        </message>
        <message>
            <source>Version A</source>
            <translation>Version A</translation>
        </message>
        <message>
            <source>Version B</source>
            <translation>Version B</translation>
        </message>
        <message>
            <source>Versions counted</source>
            <translation>Gezählte Versionen</translation>
        </message>
        <message>
            <source>against</source>
            <translation>gegen</translation>
        </message>
        <message>
            <source>median session {time}</source>
            <translation>Median-Sitzung {time}</translation>
        </message>
        <message>
            <source>sentiment change {change} (n={n})</source>
            <translation>Stimmungsänderung {change} (n={n})</translation>
        </message>
        <message>
            <source>{n} still in progress, not counted</source>
            <translation>{n} noch in Arbeit, nicht gezählt</translation>
        </message>
        <message>
            <source>{n} unreadable records left out</source>
            <translation>{n} unlesbare Einträge ausgelassen</translation>
        </message>
        <message>
            <source>{rate} escalated</source>
            <translation>{rate} eskaliert</translation>
        </message>
        <message>
            <source>{rate} of {n} suggestions overridden</source>
            <translation>{rate} von {n} Vorschlägen übergangen</translation>
        </message>
        <message>
            <source>{rate} reached an end</source>
            <translation>{rate} erreichten ein Ende</translation>
        </message>
    </context>
    <context>
        <name>UserSettings</name>
        <message>
            <source>Colours of the whole application; high contrast is for low vision.</source>
            <translation>Farben der ganzen Anwendung; hoher Kontrast ist für Sehschwäche gedacht.</translation>
        </message>
        <message>
            <source>Keyboard shortcuts changed from their defaults: action id → key.</source>
            <translation>Vom Standard abweichende Tastenkürzel: Aktions-ID → Taste.</translation>
        </message>
        <message>
            <source>Language of the interface; System follows the desktop's.</source>
            <translation>Sprache der Oberfläche; System folgt der Sprache des Desktops.</translation>
        </message>
        <message>
            <source>Mute every desktop notification (the kinds above are kept).</source>
            <translation>Alle Desktop-Benachrichtigungen stummschalten (die Arten oben bleiben erhalten).</translation>
        </message>
        <message>
            <source>Play the system's alert sound with each desktop notification.</source>
            <translation>Bei jeder Desktop-Benachrichtigung den Warnton des Systems abspielen.</translation>
        </message>
        <message>
            <source>Sync only cases unresolved or active in the last this many days (empty: all history).</source>
            <translation>Nur Fälle synchronisieren, die offen oder in so vielen letzten Tagen aktiv waren (leer: gesamter Verlauf).</translation>
        </message>
        <message>
            <source>Tell me when a case's response or resolution falls overdue.</source>
            <translation>Mich benachrichtigen, wenn Reaktion oder Lösung eines Falls überfällig wird.</translation>
        </message>
        <message>
            <source>Tell me when a colleague @mentions me in a case note.</source>
            <translation>Mich benachrichtigen, wenn ein Kollege mich in einer Fallnotiz @erwähnt.</translation>
        </message>
        <message>
            <source>Tell me when a colleague asks for a case I hold.</source>
            <translation>Mich benachrichtigen, wenn ein Kollege um einen Fall bittet, den ich halte.</translation>
        </message>
        <message>
            <source>Tell me when a supervisor sends a note to my team or everyone.</source>
            <translation>Mich benachrichtigen, wenn ein Supervisor eine Notiz an mein Team oder alle sendet.</translation>
        </message>
        <message>
            <source>Tell me when someone else assigns a case to me.</source>
            <translation>Mich benachrichtigen, wenn mir jemand anderes einen Fall zuweist.</translation>
        </message>
        <message>
            <source>Tell me when the hub raises a crisis alert.</source>
            <translation>Mich benachrichtigen, wenn der Hub eine Krisenwarnung auslöst.</translation>
        </message>
        <message>
            <source>Text size, in percent of the system's.</source>
            <translation>Schriftgröße in Prozent der Systemschrift.</translation>
        </message>
        <message>
            <source>The hub this workstation syncs with (empty: the embedded demo hub).</source>
            <translation>Der Hub, mit dem dieser Arbeitsplatz synchronisiert (leer: der eingebaute Demo-Hub).</translation>
        </message>
    </context>
    <context>
        <name>VariablesDialog</name>
        <message>
            <source>Fill in “{title}”</source>
            <translation>„{title}“ ausfüllen</translation>
        </message>
        <message>
            <source>Filled into the canned response where it names this value</source>
            <translation>Wird in die Textvorlage eingesetzt, wo sie diesen Wert nennt</translation>
        </message>
        <message>
            <source>Insert</source>
            <translation>Einfügen</translation>
        </message>
        <message>
            <source>This response needs a few details before it goes into the reply.</source>
            <translation>Dieser Baustein braucht noch einige Angaben, bevor er in die Antwort kommt.</translation>
        </message>
    </context>
    <context>
        <name>WelcomePage</name>
        <message>
            <source>&amp;Connect to your team's hub</source>
            <translation>Mit dem Hub Ihres Teams &amp;verbinden</translation>
        </message>
        <message>
            <source>&amp;Try the demo workspace</source>
            <translation>&amp;Demo-Arbeitsbereich ausprobieren</translation>
        </message>
        <message>
            <source>A hub on this computer with sample mentions</source>
            <translation>Ein Hub auf diesem Computer mit Beispiel-Erwähnungen</translation>
        </message>
        <message>
            <source>A hub runs on this computer with sample mentions arriving live from made-up customers. Nothing leaves this computer; replies go nowhere.</source>
            <translation>Auf diesem Computer läuft ein Hub, bei dem laufend Beispiel-Erwähnungen erfundener Kunden eintreffen. Nichts verlässt diesen Computer; Antworten gehen nirgendwohin.</translation>
        </message>
        <message>
            <source>Choose where your queue comes from. You can change it later.</source>
            <translation>Wählen Sie, woher Ihre Warteschlange kommt. Sie können das später ändern.</translation>
        </message>
        <message>
            <source>Sign in to the hub your administrator runs</source>
            <translation>Beim Hub Ihrer Administration anmelden</translation>
        </message>
        <message>
            <source>Welcome to Horseshoe</source>
            <translation>Willkommen bei Horseshoe</translation>
        </message>
        <message>
            <source>Your team's queue, synced with the hub your administrator runs. You need its address, and your username and password.</source>
            <translation>Die Warteschlange Ihres Teams, synchronisiert mit dem Hub Ihrer Administration. Sie brauchen seine Adresse sowie Ihren Benutzernamen und Ihr Passwort.</translation>
        </message>
    </context>
    <context>
        <name>report_text</name>
        <message>
            <source> — could be chance</source>
            <translation> — könnte Zufall sein</translation>
        </message>
        <message>
            <source> — unlikely to be chance</source>
            <translation> — wohl kein Zufall</translation>
        </message>
        <message>
            <source>1 session</source>
            <translation>1 Sitzung</translation>
        </message>
        <message>
            <source>stopped</source>
            <translation>angehalten</translation>
        </message>
        <message>
            <source>too few sessions to tell</source>
            <translation>zu wenige Sitzungen für eine Aussage</translation>
        </message>
        <message>
            <source>{n} sessions</source>
            <translation>{n} Sitzungen</translation>
        </message>
    </context>
    <context>
        <name>tree_report</name>
        <message>
            <source>Ended {disposition}</source>
            <translation>Beendet: {disposition}</translation>
        </message>
        <message>
            <source>Escalated</source>
            <translation>Eskaliert</translation>
        </message>
        <message>
            <source>Mean sentiment change</source>
            <translation>Mittlere Stimmungsänderung</translation>
        </message>
        <message>
            <source>Median session time</source>
            <translation>Median der Sitzungsdauer</translation>
        </message>
        <message>
            <source>Reached an end</source>
            <translation>Ende erreicht</translation>
        </message>
        <message>
            <source>Sessions</source>
            <translation>Sitzungen</translation>
        </message>
        <message>
            <source>Suggestions overridden</source>
            <translation>Übergangene Vorschläge</translation>
        </message>
    </context>
</TS>
