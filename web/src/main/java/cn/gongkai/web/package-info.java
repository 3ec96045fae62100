/** The Spring Boot application: wiring, pages, batch commands and the demo. */
package cn.gongkai.web;
