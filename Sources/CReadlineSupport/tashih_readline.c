#include "tashih_readline.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

static tashih_completer the_completer = NULL;
static volatile sig_atomic_t sigint_seen = 0;
static volatile sig_atomic_t sigwinch_seen = 0;
static char *line_read = NULL;
static int line_done = 0;

int tashih_locale_make_utf8(void) {
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0)) return 0;
    setenv("LC_ALL", "C.UTF-8", 1);
    setlocale(LC_ALL, "C.UTF-8");
    return 1;
}

static char **attempt_completion(const char *text, int start, int end) {
    (void)start;
    rl_attempted_completion_over = 1;  // never fall back to file names
    if (the_completer == NULL) return NULL;
    char *upto = strndup(rl_line_buffer, (size_t)end);
    if (upto == NULL) return NULL;
    char **matches = the_completer(upto, text);
    free(upto);
    return matches;
}

void tashih_rl_setup(const char *app_name, tashih_completer completer) {
    rl_readline_name = strdup(app_name);  // readline keeps the pointer
    the_completer = completer;
    rl_attempted_completion_function = attempt_completion;
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_initialize();
    rl_variable_bind("revert-all-at-newline", "on");
}

static void on_line(char *line) {
    line_read = line;
    line_done = 1;
    rl_callback_handler_remove();
}

static void on_sigint(int sig) {
    (void)sig;
    sigint_seen = 1;
}

static void on_sigwinch(int sig) {
    (void)sig;
    sigwinch_seen = 1;
}

char *tashih_rl_read(const char *prompt, int *interrupts) {
    struct sigaction sa, old_int, old_winch;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: poll returns EINTR and the loop sees the flag
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, &old_int);
    sa.sa_handler = on_sigwinch;
    sigaction(SIGWINCH, &sa, &old_winch);

    line_read = NULL;
    line_done = 0;
    sigint_seen = 0;
    rl_callback_handler_install(prompt, on_line);
    int fd = fileno(rl_instream != NULL ? rl_instream : stdin);
    while (!line_done) {
        if (sigint_seen) {
            sigint_seen = 0;
            if (interrupts != NULL) (*interrupts)++;
            rl_callback_sigcleanup();
            rl_free_line_state();
            rl_replace_line("", 0);
            rl_point = rl_end = rl_mark = 0;
            fputs("^C", rl_outstream != NULL ? rl_outstream : stdout);
            rl_crlf();
            rl_on_new_line();
            rl_redisplay();
            continue;
        }
        if (sigwinch_seen) {
            sigwinch_seen = 0;
            rl_resize_terminal();
        }
        struct pollfd p = {.fd = fd, .events = POLLIN, .revents = 0};
        int r = poll(&p, 1, -1);
        if (r < 0) {
            if (errno == EINTR) continue;
            rl_callback_handler_remove();
            break;
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) rl_callback_read_char();
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGWINCH, &old_winch, NULL);
    return line_read;
}

void tashih_rl_history_load(const char *path, int max_entries) {
    using_history();
    stifle_history(max_entries);
    if (path != NULL) read_history(path);
}

void tashih_rl_history_add(const char *line, const char *path) {
    add_history(line);
    if (path == NULL) return;
    if (access(path, F_OK) != 0) {
        FILE *f = fopen(path, "a");  // append_history needs the file to exist
        if (f == NULL) return;
        fclose(f);
    }
    append_history(1, path);
}

void tashih_rl_history_trim(const char *path, int max_entries) {
    if (path != NULL) history_truncate_file(path, max_entries);
}
