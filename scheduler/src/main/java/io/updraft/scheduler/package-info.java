/** The scheduler: Quartz schedules, run planning and the periodic duties. */
package io.updraft.scheduler;
