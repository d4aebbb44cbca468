// The parts of the readline REPL that must be C: readline's mutable globals (Swift 6 rejects
// assignments to them), the callback interface with our own SIGINT handling (Ctrl-C drops the
// line and prompts again instead of ending the process), and the completion hook.
#ifndef TASHIH_READLINE_H
#define TASHIH_READLINE_H

// Returns the completions for `word` (the text of the word under the cursor) given the line up to
// the cursor, in readline's form: a malloc'd NULL-terminated array whose first entry is the
// replacement for `word` and the rest the candidates, every string malloc'd (readline frees them);
// or NULL for none.
typedef char **(*tashih_completer)(const char *line_to_cursor, const char *word);

// Makes the locale UTF-8 for readline: setlocale(LC_ALL, ""); if the codeset is not UTF-8, sets
// LC_ALL=C.UTF-8 in the environment (readline re-reads it) and returns 1 so the caller can warn.
int tashih_locale_make_utf8(void);

// Names the application (for ~/.inputrc conditionals), installs the completer, binds
// revert-all-at-newline (editing a recalled line must not rewrite history), and stops readline
// from catching signals itself.
void tashih_rl_setup(const char *app_name, tashih_completer completer);

// Reads one edited line from the terminal. Returns a malloc'd line (free it), or NULL at end of
// input (Ctrl-D on an empty line). Ctrl-C prints ^C, drops the half-typed line and prompts again;
// `*interrupts` counts how many times that happened.
char *tashih_rl_read(const char *prompt, int *interrupts);

// History: load from a file (missing is fine), add a line and append it to the file, trim the file.
void tashih_rl_history_load(const char *path, int max_entries);
void tashih_rl_history_add(const char *line, const char *path);
void tashih_rl_history_trim(const char *path, int max_entries);

#endif
