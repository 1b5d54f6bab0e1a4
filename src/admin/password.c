/*
 * casebook-admin: reads a password from standard input, the first
 * line only, byte by byte with read(2) so no stdio buffer keeps a
 * copy and nothing after the first line is consumed. On a terminal,
 * echo is off while typing and restored even on a signal. Then holds
 * it to the password policy, naming the rule it breaks.
 */
#include <sys/types.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "core/casebook.h"
#include "domain/password.h"
#include "render/i18n.h"
#include "admin.h"

static void	echo_restore(int);

static struct termios		saved_tio;
static volatile sig_atomic_t	echo_off;

static void
echo_restore(int sig)
{
	if (echo_off) {
		(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
		echo_off = 0;
	}
	if (sig != 0) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

int
cb_admin_password_read(struct cb_admin *ctx, char *buf, size_t size,
    size_t *len)
{
	struct termios	tio;
	size_t		n;
	ssize_t		r;
	char		c;
	int		ret, tty, toolong;

	ret = -1;
	n = 0;
	toolong = 0;
	*len = 0;
	tty = isatty(STDIN_FILENO);

	if (tty) {
		if (tcgetattr(STDIN_FILENO, &saved_tio) == -1) {
			fprintf(stderr, "%s: cannot read terminal settings\n",
			    ctx->progname);
			goto cleanup;
		}
		tio = saved_tio;
		tio.c_lflag &= ~(ECHO | ECHONL);
		signal(SIGINT, echo_restore);
		signal(SIGTERM, echo_restore);
		signal(SIGHUP, echo_restore);
		signal(SIGQUIT, echo_restore);
		echo_off = 1;
		if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &tio) == -1) {
			fprintf(stderr, "%s: cannot turn off echo\n",
			    ctx->progname);
			goto cleanup;
		}
		fprintf(stderr, "Password: ");
		fflush(stderr);
	}

	/*
	 * A line that is too long is still read to its end: left in a
	 * terminal, the rest would be run by the shell as a command.
	 */
	for (;;) {
		r = read(STDIN_FILENO, &c, 1);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s: cannot read the password\n",
			    ctx->progname);
			goto cleanup;
		}
		if (r == 0 || c == '\n')
			break;
		if (n + 1 >= size) {
			toolong = 1;
			continue;
		}
		buf[n++] = c;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';

	ret = 1;
	if (toolong || n > CB_PASSWORD_MAX) {
		fprintf(stderr, "%s: the password is longer than %d bytes\n",
		    ctx->progname, CB_PASSWORD_MAX);
		goto cleanup;
	}
	if (n == 0) {
		fprintf(stderr, "%s: the password is empty\n", ctx->progname);
		goto cleanup;
	}
	if (memchr(buf, '\0', n) != NULL) {
		fprintf(stderr, "%s: the password contains a NUL byte\n",
		    ctx->progname);
		goto cleanup;
	}
	*len = n;
	ret = 0;

cleanup:
	sodium_memzero(&c, sizeof(c));
	if (ret != 0)
		sodium_memzero(buf, size);
	if (tty) {
		echo_restore(0);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		fprintf(stderr, "\n");
	}
	return (ret);
}

/* The rule's text and key only, never the password; cracklib's own
 * message never leaves domain/password.c. */
int
cb_admin_password_policy(struct cb_admin *ctx, const char *username,
    const char *pw, size_t len)
{
	const char	*key;

	if (cb_password_check(username, pw, len, &key) == 0)
		return (0);
	fprintf(stderr, "%s: password refused: %s (%s)\n", ctx->progname,
	    cb_t(key), key);
	return (1);
}
