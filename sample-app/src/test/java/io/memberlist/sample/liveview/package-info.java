/**
 * Browser tests of the live view: real sample-app nodes as child JVMs (so a hard kill is real), driven
 * through Debian's chromium and chromium-driver with Selenium, headless.
 */
package io.memberlist.sample.liveview;
