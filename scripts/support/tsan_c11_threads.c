// ThreadSanitizer intercepts pthreads but not glibc's C11 threads, which librdkafka uses: it
// crashes in threads thrd_create starts and cannot see mtx_*/cnd_* synchronisation (so reports
// races that the C library's locks prevent). Preloaded under TSan only, these forward the C11
// calls to their pthread equivalents, which TSan does intercept. glibc's mtx_t, cnd_t and thrd_t
// are its pthread types underneath; a thread's int result travels through the void * one.
#include <pthread.h>
#include <errno.h>
#include <stdint.h>
#include <threads.h>

static int result(int code) { return code == 0 ? thrd_success : thrd_error; }

int thrd_create(thrd_t *thread, thrd_start_t start, void *argument) {
    return result(pthread_create(thread, NULL, (void *(*)(void *))start, argument));
}
int thrd_join(thrd_t thread, int *value) {
    void *returned = NULL;
    int code = pthread_join(thread, &returned);
    if (code == 0 && value) *value = (int)(intptr_t)returned;
    return result(code);
}
int thrd_detach(thrd_t thread) { return result(pthread_detach(thread)); }

int mtx_init(mtx_t *mutex, int type) {
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    if (type & mtx_recursive) pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_RECURSIVE);
    int code = pthread_mutex_init((pthread_mutex_t *)mutex, &attributes);
    pthread_mutexattr_destroy(&attributes);
    return result(code);
}
int mtx_lock(mtx_t *mutex) { return result(pthread_mutex_lock((pthread_mutex_t *)mutex)); }
int mtx_trylock(mtx_t *mutex) { return pthread_mutex_trylock((pthread_mutex_t *)mutex) == 0 ? thrd_success : thrd_busy; }
int mtx_timedlock(mtx_t *mutex, const struct timespec *deadline) {
    int code = pthread_mutex_timedlock((pthread_mutex_t *)mutex, deadline);
    return code == 0 ? thrd_success : (code == ETIMEDOUT ? thrd_timedout : thrd_error);
}
int mtx_unlock(mtx_t *mutex) { return result(pthread_mutex_unlock((pthread_mutex_t *)mutex)); }
void mtx_destroy(mtx_t *mutex) { pthread_mutex_destroy((pthread_mutex_t *)mutex); }

int cnd_init(cnd_t *condition) { return result(pthread_cond_init((pthread_cond_t *)condition, NULL)); }
int cnd_signal(cnd_t *condition) { return result(pthread_cond_signal((pthread_cond_t *)condition)); }
int cnd_broadcast(cnd_t *condition) { return result(pthread_cond_broadcast((pthread_cond_t *)condition)); }
int cnd_wait(cnd_t *condition, mtx_t *mutex) { return result(pthread_cond_wait((pthread_cond_t *)condition, (pthread_mutex_t *)mutex)); }
int cnd_timedwait(cnd_t *condition, mtx_t *mutex, const struct timespec *deadline) {
    int code = pthread_cond_timedwait((pthread_cond_t *)condition, (pthread_mutex_t *)mutex, deadline);
    return code == 0 ? thrd_success : (code == ETIMEDOUT ? thrd_timedout : thrd_error);
}
void cnd_destroy(cnd_t *condition) { pthread_cond_destroy((pthread_cond_t *)condition); }
