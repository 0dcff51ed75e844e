/* examples/language-tour: Promela export of specs/examples/language-tour.yaml (lockspec export --promela)
 * One lockspec transition is one d_step (in an atomic with a jump to the end label when it may
 * end its thread); SPIN stores one more state than lockspec, its own initial state.
 *   safety:   spin -o2 -a FILE && gcc -O2 -DSAFETY -DNOREDUCE -DNOCLAIM -o pan pan.c && ./pan -c0 -n
 *   liveness: spin -o2 -a FILE && gcc -O2 -DNOREDUCE -o pan pan.c && ./pan -a [-f] -A -E -N CLAIM
 * Properties:
 *   no_refusal (assertions): violated iff "assertion violated prop_no_refusal"
 *   both_served (reachable): holds iff "assertion violated prop_both_served" (a witness)
 *   deadlock_free (deadlock_free): violated iff "invalid end state"
 *   lock_discipline (lock_discipline): violated iff "assertion violated prop_lock_discipline"
 *   no_use_after_free (no_use_after_free): violated iff "assertion violated prop_no_use_after_free"
 *   no_double_free (no_double_free): violated iff "assertion violated prop_no_double_free"
 */

/* shared state and thread locals, in declaration order */
byte m_2;
byte tokens;
byte served;
bit worker_0_locked;
bit worker_0_took;
bit worker_0_got_token;
byte worker_0_loop1_iter;
bit worker_1_locked;
bit worker_1_took;
bit worker_1_got_token;
byte worker_1_loop1_iter;
/* per thread: program counter, waiting-writer bit, read holds per rwsem */
byte pc_worker_0;
byte pc_worker_1;
byte pc_auditor;
/* not part of the state: a scratch value, and the names failed assertions print */
hidden int scratch;
hidden byte max_read_holds_exceeded;
hidden byte prop_no_refusal;
hidden byte prop_both_served;
hidden byte prop_deadlock_free;
hidden byte prop_lock_discipline;
hidden byte prop_no_use_after_free;
hidden byte prop_no_double_free;

inline violate(property) {
  assert(property);
}

inline check_state() {
  if
  :: (served == 2) ->
    violate(prop_both_served);
  :: else ->
    skip;
  fi;
}

inline settle_worker_0() {
  do
  :: pc_worker_0 == 3 -> /* pc 3, line 51 */
    worker_0_took = worker_0_got_token;
    pc_worker_0 = 4;
  :: pc_worker_0 == 4 -> /* pc 4, line 60 */
    pc_worker_0 = 13;
  :: pc_worker_0 == 5 -> /* pc 5, line 66 */
    worker_0_loop1_iter = 0;
    pc_worker_0 = 6;
  :: pc_worker_0 == 6 -> /* pc 6, line 66 */
    if
    :: ((worker_0_loop1_iter < 2) && !worker_0_took) ->
      pc_worker_0 = 7;
    :: else ->
      pc_worker_0 = 12;
    fi;
  :: pc_worker_0 == 8 -> /* pc 8, line 74 */
    if
    :: worker_0_locked ->
      pc_worker_0 = 9;
    :: else ->
      pc_worker_0 = 11;
    fi;
  :: pc_worker_0 == 10 -> /* pc 10, line 51 */
    worker_0_took = worker_0_got_token;
    pc_worker_0 = 11;
  :: pc_worker_0 == 11 -> /* pc 11, line 66 */
    scratch = (worker_0_loop1_iter + 1);
    if
    :: scratch >= 0 && scratch <= 2 ->
      worker_0_loop1_iter = scratch;
    :: else ->
      skip;
    fi;
    pc_worker_0 = 6;
  :: pc_worker_0 == 12 -> /* pc 12, line 60 */
    pc_worker_0 = 13;
  :: else -> break;
  od;
  skip;
}

inline ends_worker_0() {
  if
  :: (pc_worker_0 == 13) ->
    if
    :: (m_2 == 1) ->
      violate(prop_lock_discipline);
    :: else ->
      skip;
    fi;
  :: else ->
    skip;
  fi;
}

inline settle_worker_1() {
  do
  :: pc_worker_1 == 3 -> /* pc 3, line 51 */
    worker_1_took = worker_1_got_token;
    pc_worker_1 = 4;
  :: pc_worker_1 == 4 -> /* pc 4, line 60 */
    pc_worker_1 = 13;
  :: pc_worker_1 == 5 -> /* pc 5, line 66 */
    worker_1_loop1_iter = 0;
    pc_worker_1 = 6;
  :: pc_worker_1 == 6 -> /* pc 6, line 66 */
    if
    :: ((worker_1_loop1_iter < 2) && !worker_1_took) ->
      pc_worker_1 = 7;
    :: else ->
      pc_worker_1 = 12;
    fi;
  :: pc_worker_1 == 8 -> /* pc 8, line 74 */
    if
    :: worker_1_locked ->
      pc_worker_1 = 9;
    :: else ->
      pc_worker_1 = 11;
    fi;
  :: pc_worker_1 == 10 -> /* pc 10, line 51 */
    worker_1_took = worker_1_got_token;
    pc_worker_1 = 11;
  :: pc_worker_1 == 11 -> /* pc 11, line 66 */
    scratch = (worker_1_loop1_iter + 1);
    if
    :: scratch >= 0 && scratch <= 2 ->
      worker_1_loop1_iter = scratch;
    :: else ->
      skip;
    fi;
    pc_worker_1 = 6;
  :: pc_worker_1 == 12 -> /* pc 12, line 60 */
    pc_worker_1 = 13;
  :: else -> break;
  od;
  skip;
}

inline ends_worker_1() {
  if
  :: (pc_worker_1 == 13) ->
    if
    :: (m_2 == 2) ->
      violate(prop_lock_discipline);
    :: else ->
      skip;
    fi;
  :: else ->
    skip;
  fi;
}

inline ends_auditor() {
  if
  :: (pc_auditor == 2) ->
    if
    :: (m_2 == 3) ->
      violate(prop_lock_discipline);
    :: else ->
      skip;
    fi;
  :: else ->
    skip;
  fi;
}

proctype worker_0() {
  do
  :: d_step { /* pc 0, line 60 (branch 1 of 2) */
      pc_worker_0 == 0 ->
      pc_worker_0 = 1;
      check_state();
    }
  :: atomic {
      d_step { /* pc 0, line 60 (branch 2 of 2) */
        pc_worker_0 == 0 ->
        pc_worker_0 = 5;
        settle_worker_0();
        ends_worker_0();
        check_state();
      };
      if
      :: (pc_worker_0 == 13) ->
        goto end_worker_0;
      :: else ->
        skip;
      fi;
    }
  :: d_step { /* pc 1, line 61: blocking_lock: mutex_lock(&pool->m); */
      pc_worker_0 == 1 && m_2 == 0 ->
      m_2 = 1;
      pc_worker_0 = 2;
      check_state();
    }
  :: atomic {
      d_step { /* pc 2, line 41: take_and_unlock: if (pool->tokens) pool->tokens--; */
        pc_worker_0 == 2 ->
        worker_0_got_token = (tokens > 0);
        if
        :: worker_0_got_token ->
          if
          :: tokens > 0 ->
            tokens = tokens - 1;
          :: else ->
            skip;
          fi;
          scratch = (served + 1);
          if
          :: scratch >= 0 && scratch <= 2 ->
            served = scratch;
          :: else ->
            skip;
          fi;
        :: else ->
          skip;
        fi;
        if
        :: m_2 == 1 ->
          m_2 = 0;
        :: else ->
          violate(prop_lock_discipline);
        fi;
        pc_worker_0 = 3;
        settle_worker_0();
        ends_worker_0();
        check_state();
      };
      if
      :: (pc_worker_0 == 13) ->
        goto end_worker_0;
      :: else ->
        skip;
      fi;
    }
  :: atomic {
      d_step { /* pc 7, line 70: poll_trylock: if (mutex_trylock(&pool->m)) */
        pc_worker_0 == 7 ->
        if
        :: m_2 == 0 ->
          m_2 = 1;
          worker_0_locked = 1;
        :: else ->
          worker_0_locked = 0;
        fi;
        pc_worker_0 = 8;
        settle_worker_0();
        ends_worker_0();
        check_state();
      };
      if
      :: (pc_worker_0 == 13) ->
        goto end_worker_0;
      :: else ->
        skip;
      fi;
    }
  :: atomic {
      d_step { /* pc 9, line 41: take_and_unlock: if (pool->tokens) pool->tokens--; */
        pc_worker_0 == 9 ->
        worker_0_got_token = (tokens > 0);
        if
        :: worker_0_got_token ->
          if
          :: tokens > 0 ->
            tokens = tokens - 1;
          :: else ->
            skip;
          fi;
          scratch = (served + 1);
          if
          :: scratch >= 0 && scratch <= 2 ->
            served = scratch;
          :: else ->
            skip;
          fi;
        :: else ->
          skip;
        fi;
        if
        :: m_2 == 1 ->
          m_2 = 0;
        :: else ->
          violate(prop_lock_discipline);
        fi;
        pc_worker_0 = 10;
        settle_worker_0();
        ends_worker_0();
        check_state();
      };
      if
      :: (pc_worker_0 == 13) ->
        goto end_worker_0;
      :: else ->
        skip;
      fi;
    }
  od;
end_worker_0:
  false;
}

proctype worker_1() {
  do
  :: d_step { /* pc 0, line 60 (branch 1 of 2) */
      pc_worker_1 == 0 ->
      pc_worker_1 = 1;
      check_state();
    }
  :: atomic {
      d_step { /* pc 0, line 60 (branch 2 of 2) */
        pc_worker_1 == 0 ->
        pc_worker_1 = 5;
        settle_worker_1();
        ends_worker_1();
        check_state();
      };
      if
      :: (pc_worker_1 == 13) ->
        goto end_worker_1;
      :: else ->
        skip;
      fi;
    }
  :: d_step { /* pc 1, line 61: blocking_lock: mutex_lock(&pool->m); */
      pc_worker_1 == 1 && m_2 == 0 ->
      m_2 = 2;
      pc_worker_1 = 2;
      check_state();
    }
  :: atomic {
      d_step { /* pc 2, line 41: take_and_unlock: if (pool->tokens) pool->tokens--; */
        pc_worker_1 == 2 ->
        worker_1_got_token = (tokens > 0);
        if
        :: worker_1_got_token ->
          if
          :: tokens > 0 ->
            tokens = tokens - 1;
          :: else ->
            skip;
          fi;
          scratch = (served + 1);
          if
          :: scratch >= 0 && scratch <= 2 ->
            served = scratch;
          :: else ->
            skip;
          fi;
        :: else ->
          skip;
        fi;
        if
        :: m_2 == 2 ->
          m_2 = 0;
        :: else ->
          violate(prop_lock_discipline);
        fi;
        pc_worker_1 = 3;
        settle_worker_1();
        ends_worker_1();
        check_state();
      };
      if
      :: (pc_worker_1 == 13) ->
        goto end_worker_1;
      :: else ->
        skip;
      fi;
    }
  :: atomic {
      d_step { /* pc 7, line 70: poll_trylock: if (mutex_trylock(&pool->m)) */
        pc_worker_1 == 7 ->
        if
        :: m_2 == 0 ->
          m_2 = 2;
          worker_1_locked = 1;
        :: else ->
          worker_1_locked = 0;
        fi;
        pc_worker_1 = 8;
        settle_worker_1();
        ends_worker_1();
        check_state();
      };
      if
      :: (pc_worker_1 == 13) ->
        goto end_worker_1;
      :: else ->
        skip;
      fi;
    }
  :: atomic {
      d_step { /* pc 9, line 41: take_and_unlock: if (pool->tokens) pool->tokens--; */
        pc_worker_1 == 9 ->
        worker_1_got_token = (tokens > 0);
        if
        :: worker_1_got_token ->
          if
          :: tokens > 0 ->
            tokens = tokens - 1;
          :: else ->
            skip;
          fi;
          scratch = (served + 1);
          if
          :: scratch >= 0 && scratch <= 2 ->
            served = scratch;
          :: else ->
            skip;
          fi;
        :: else ->
          skip;
        fi;
        if
        :: m_2 == 2 ->
          m_2 = 0;
        :: else ->
          violate(prop_lock_discipline);
        fi;
        pc_worker_1 = 10;
        settle_worker_1();
        ends_worker_1();
        check_state();
      };
      if
      :: (pc_worker_1 == 13) ->
        goto end_worker_1;
      :: else ->
        skip;
      fi;
    }
  od;
end_worker_1:
  false;
}

proctype auditor() {
  do
  :: d_step { /* pc 0, line 81: wait_for_workers */
      pc_auditor == 0 && ((pc_worker_0 == 13) && (pc_worker_1 == 13)) ->
      pc_auditor = 1;
      check_state();
    }
  :: atomic {
      d_step { /* pc 1, line 83: check_no_refusal */
        pc_auditor == 1 ->
        if
        :: !((tokens == 0) || (served == 2)) ->
          violate(prop_no_refusal);
        :: else ->
          skip;
        fi;
        pc_auditor = 2;
        ends_auditor();
        check_state();
      };
      if
      :: (pc_auditor == 2) ->
        goto end_auditor;
      :: else ->
        skip;
      fi;
    }
  od;
end_auditor:
  false;
}

init {
  atomic {
    if
    :: tokens = 0;
    :: tokens = 1;
    :: tokens = 2;
    fi;
    check_state();
    run worker_0();
    run worker_1();
    run auditor();
  }
}
