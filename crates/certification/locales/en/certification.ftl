# The Basic Certification (crates/certification).

## GIFT files

gift-brace = A brace has no partner: each answer block goes between {"{"} and {"}"} (to write a brace as text, put \{"{"} or \{"}"}).
gift-two-blocks = The question has more than one answer block; each question has just one.
gift-unclosed-name = The question's name starts with :: but does not end with ::.
gift-too-few-choices = A multiple choice question needs at least two answers.
gift-no-right-choice = No answer is worth 100 %: mark the right one with =.
gift-grades-sum = The right answers of a multiple-answer question must add up to 100 %.
gift-too-few-pairs = A matching question needs at least two pairs.
gift-pair-arrow = Each matching pair is written "=left -> right".
gift-no-answers = The question has no answers.
gift-empty-answer = There is an empty answer.
gift-not-a-number = "{ $text }" is not a number.
gift-bad-grade = "{ $text }" is not a percentage the format takes: use 100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5 or 0 (or their negatives).
gift-grade-after-equals = In multiple choice the percentage goes after ~ (for example ~%50%answer); with = the answer is worth 100 %.
gift-empty-category = The path after $CATEGORY: is missing.
gift-empty = The file has no questions.

## The command line

cert-gift-unreadable = Could not read { $file }: { $detail }
cert-gift-not-utf8 = { $file } is not UTF-8; save it as UTF-8 and try again.
cert-gift-mistakes = { $file } has { $count ->
    [one] one mistake
   *[other] { $count } mistakes
}; nothing was imported:
cert-gift-mistake = Line { $line }: { $text }
cert-gift-good = { $count ->
    [one] The file is good: one question.
   *[other] The file is good: { $count } questions.
}
cert-import-no-topic = The question is in no topic: put "$CATEGORY: certificacion/<topic>" before it.
cert-import-not-gradable = Exams grade themselves: essays and texts without answers do not go in the question banks.
cert-import-progress = Importing questions
cert-import-done = Done: { $topics } new topics, { $created } new questions, { $updated } updated and { $unchanged } unchanged.
cert-import-failed = The import failed and nothing was saved: { $detail }
cert-export-failed = Could not export the banks: { $detail }
