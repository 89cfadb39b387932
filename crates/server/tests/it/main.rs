//! Integration tests: the real server on a random port with a fresh database, once on
//! SQLite and once on PostgreSQL, spoken to over HTTP; real SMTP from aiosmtpd.

mod support;

mod accounts;
mod api;
mod areas;
mod bugs;
mod certification;
mod cli;
mod desk;
mod docs;
mod forum;
mod import;
mod input;
mod jobs;
mod mail;
mod nodes;
mod partners;
mod search;
mod storage;
mod texts;
mod web;
